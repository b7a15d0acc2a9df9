/* Micro-lecture and lesson-recording player: slice jumps, ?t= links, time-point quiz prompts,
   and watch-time beats to the server. No dependencies. */
(function () {
    "use strict";
    var video = document.getElementById("player");
    if (!video) { return; }

    function seek(seconds) {
        var go = function () { video.currentTime = seconds; video.play().catch(function () {}); };
        if (video.readyState >= 1) { go(); } else { video.addEventListener("loadedmetadata", go, { once: true }); }
    }

    var params = new URLSearchParams(window.location.search);
    var t = parseInt(params.get("t"), 10);
    if (!isNaN(t)) { seek(t); }

    document.querySelectorAll("a.jump[data-start]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            event.preventDefault();
            seek(parseInt(link.dataset.start, 10));
            history.replaceState(null, "", link.getAttribute("href"));
            document.querySelectorAll(".slice.active").forEach(function (el) { el.classList.remove("active"); });
            link.closest(".slice").classList.add("active");
        });
    });

    var slices = Array.prototype.slice.call(document.querySelectorAll(".slice[data-start]"));
    var prompts = Array.prototype.slice.call(document.querySelectorAll(".question[data-time-point]"));
    video.addEventListener("timeupdate", function () {
        var now = video.currentTime;
        slices.forEach(function (el) {
            el.classList.toggle("playing", now >= +el.dataset.start && now < +el.dataset.end);
        });
        prompts.forEach(function (el) {
            if (!el.dataset.asked && now >= +el.dataset.timePoint) {
                el.dataset.asked = "1";
                video.pause();
                el.classList.add("prompted");
                el.scrollIntoView({ behavior: "smooth", block: "center" });
            }
        });
    });

    // Watch time: while the video plays, post its position every BEAT_MS (and on pause, before
    // and after a seek, and at the end). The server credits only real time between beats.
    var beatUrl = video.dataset.beatUrl;
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (beatUrl && token) {
        var BEAT_MS = 15000;
        var timer = null;
        var lastPlayed = video.currentTime;
        var percent = document.getElementById("watched-percent");
        var beat = function (position) {
            var body = new URLSearchParams();
            body.set("t", String(Math.max(0, position)));
            fetch(beatUrl, {
                method: "POST", credentials: "same-origin", body: body,
                headers: { "X-CSRFToken": token.value, "X-Requested-With": "fetch" }
            }).then(function (response) { return response.ok ? response.json() : null; })
              .then(function (data) {
                  if (!data) { return; }
                  if (percent && video.duration) {
                      percent.textContent = String(Math.min(100, Math.round(100 * data.watched_seconds / video.duration)));
                  }
                  if (data.reload) { window.location.reload(); }
              }).catch(function () {});
        };
        var stop = function () { if (timer) { clearInterval(timer); timer = null; } };
        video.addEventListener("timeupdate", function () { if (!video.seeking) { lastPlayed = video.currentTime; } });
        video.addEventListener("playing", function () {
            beat(video.currentTime);
            stop();
            timer = setInterval(function () { beat(video.currentTime); }, BEAT_MS);
        });
        video.addEventListener("pause", function () { stop(); beat(video.currentTime); });
        video.addEventListener("ended", function () { stop(); beat(video.currentTime); });
        // Before a seek, report where playback really got to; the position after it starts anew.
        video.addEventListener("seeking", function () { beat(lastPlayed); });
        video.addEventListener("seeked", function () { if (!video.paused) { beat(video.currentTime); } });
    }
})();
