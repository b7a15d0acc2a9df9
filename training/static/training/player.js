/* Micro-lecture and lesson-recording player: slice jumps, ?t= links, time-point quiz prompts,
   and "watched" recorded when the video ends. No dependencies. */
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

    var watchedUrl = video.dataset.watchedUrl;
    if (watchedUrl) {
        video.addEventListener("ended", function () {
            var token = document.querySelector("input[name=csrfmiddlewaretoken]");
            if (!token) { return; }
            fetch(watchedUrl, {
                method: "POST", credentials: "same-origin",
                headers: { "X-CSRFToken": token.value, "X-Requested-With": "fetch" }
            }).then(function () { window.location.reload(); });
        }, { once: true });
    }
})();
