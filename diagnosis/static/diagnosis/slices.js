// 课堂切片: "设为起点/设为终点" read the player's currentTime into the mm:ss fields; a slice's
// play button plays exactly its range and stops at its end.
(function () {
  "use strict";
  function mmss(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var m = Math.floor(s / 60);
    return (m < 10 ? "0" : "") + m + ":" + (s % 60 < 10 ? "0" : "") + (s % 60);
  }
  function player(recording) {
    return document.getElementById("dx-video-" + recording);
  }
  var stops = new WeakMap();
  function watch(video) {
    if (video.dataset.dxWatched) return;
    video.dataset.dxWatched = "1";
    function check() {
      var end = stops.get(video);
      if (end !== undefined && video.currentTime >= end) {
        video.pause();
        video.currentTime = end;
        stops.delete(video);
        video.dataset.stoppedAt = String(end);
      }
      if (stops.has(video) && !video.paused) requestAnimationFrame(check);
    }
    video.addEventListener("timeupdate", check);
    video.addEventListener("play", function () { requestAnimationFrame(check); });
    video.addEventListener("seeking", function () {
      var end = stops.get(video);
      if (end !== undefined && (video.currentTime > end || video.currentTime < (Number(video.dataset.sliceStart) || 0) - 0.5)) stops.delete(video);
    });
  }
  document.addEventListener("click", function (event) {
    var mark = event.target.closest("[data-mark]");
    if (mark) {
      var form = mark.closest("form");
      var video = player(form.querySelector("[name=recording]").value);
      if (!video) return;
      form.querySelector("[name=" + mark.dataset.mark + "]").value = mmss(video.currentTime);
      return;
    }
    var play = event.target.closest(".dx-play");
    if (!play) return;
    var target = player(play.dataset.recording);
    if (!target) return;
    watch(target);
    var start = Number(play.dataset.start), end = Number(play.dataset.end);
    target.dataset.sliceStart = String(start);
    stops.set(target, end);
    target.currentTime = start;
    var started = target.play();
    if (started && started.catch) started.catch(function () {});
    target.scrollIntoView({ block: "nearest" });
  });
})();
