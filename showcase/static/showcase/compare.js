// 同时播放: start and pause every recording of the comparison together. Progressive
// enhancement: without JavaScript each player still has its own controls.
(function () {
    "use strict";
    document.addEventListener("DOMContentLoaded", function () {
        var button = document.querySelector(".play-all");
        var videos = Array.prototype.slice.call(document.querySelectorAll(".compare video"));
        if (!button || videos.length < 2) { return; }
        button.parentElement.hidden = false;
        function anyPlaying() { return videos.some(function (v) { return !v.paused && !v.ended; }); }
        function refresh() {
            var playing = anyPlaying();
            button.textContent = playing ? button.dataset.pauseLabel : button.dataset.playLabel;
            button.setAttribute("aria-pressed", playing ? "true" : "false");
        }
        button.addEventListener("click", function () {
            if (anyPlaying()) {
                videos.forEach(function (v) { v.pause(); });
            } else {
                videos.forEach(function (v) {
                    var started = v.play();
                    if (started && started.catch) { started.catch(function () { /* the player shows its own error */ }); }
                });
            }
        });
        videos.forEach(function (v) { ["play", "pause", "ended"].forEach(function (e) { v.addEventListener(e, refresh); }); });
        refresh();
    });
})();
