// The comparison page's recordings, linked. Progressive enhancement: without JavaScript each
// player keeps its own controls and the phase bars are plain pictures with a text legend.
//
// - One control bar acts on every recording: play/pause together, ±10 s, speed.
// - While 联动播放 is on, using one player's own controls (play, pause, seek, speed) moves
//   the others too. A seek keeps the recordings' relative offset: the offsets are taken when
//   the link is switched on and after every phase jump, so a teacher can unlink, line two
//   lessons up by hand and link them again.
// - Each phase segment is a button: it jumps every recording (only its own while unlinked) to
//   the same kind of phase in its own lesson, since each lesson spends different minutes on
//   it. A recording's position maps to lesson minutes in proportion (position / duration ×
//   the design's total minutes), which holds for a full-length recording and for a trimmed one.
// - A playhead on each bar shows where its recording is.
(function () {
    "use strict";

    function setup() {
        var root = document.querySelector(".compare");
        var bar = document.querySelector(".compare-controls");
        if (!root) { return; }
        var videos = Array.prototype.slice.call(root.querySelectorAll(".recordings video"));
        var figures = Array.prototype.slice.call(root.querySelectorAll(".timeline[data-design]"));
        var status = bar ? bar.querySelector(".sync-status") : null;
        var linkedBox = bar ? bar.querySelector(".linked") : null;
        var playButton = bar ? bar.querySelector(".play-all") : null;
        var rateSelect = bar ? bar.querySelector(".rate") : null;
        var expectedSeek = videos.map(function () { return null; });
        var offsets = videos.map(function () { return 0; });

        function say(text) { if (status) { status.textContent = text; } }
        function linked() { return !linkedBox || linkedBox.checked; }
        function ready(v) { return v.readyState >= 1 && isFinite(v.duration) && v.duration > 0; }
        function clamp(t, v) { return Math.max(0, Math.min(t, ready(v) ? v.duration : t)); }
        function videoFor(designId) {
            return videos.filter(function (v) { return v.dataset.design === designId; })[0] || null;
        }
        function labelOf(v) {
            var cell = v.closest(".cell");
            return cell ? cell.dataset.label : "";
        }
        function figureFor(v) {
            return figures.filter(function (f) { return f.dataset.design === v.dataset.design; })[0] || null;
        }

        // Programmatic changes fire the same events as the user's; remember what we asked for
        // so that our own seek is not taken for a user's and sent round again.
        function seekTo(v, t) {
            if (!ready(v)) { return false; }
            var target = clamp(t, v);
            expectedSeek[videos.indexOf(v)] = target;
            v.currentTime = target;
            drawPlayhead(v);  // currentTime is the target at once; "seeked" comes when the frame is there
            return true;
        }
        function takeOffsets() {
            offsets = videos.map(function (v) { return v.currentTime; });
        }
        function playQuietly(v) {
            var started = v.play();
            if (started && started.catch) { started.catch(function () { /* the player shows its own error */ }); }
        }
        function anyPlaying() { return videos.some(function (v) { return !v.paused && !v.ended; }); }
        function refreshPlayButton() {
            if (!playButton) { return; }
            var playing = anyPlaying();
            playButton.textContent = playing ? playButton.dataset.pauseLabel : playButton.dataset.playLabel;
            playButton.setAttribute("aria-pressed", playing ? "true" : "false");
        }

        // --- playheads -------------------------------------------------------------------
        function drawPlayhead(v) {
            var figure = figureFor(v);
            if (!figure) { return; }
            var head = figure.querySelector(".playhead");
            var total = parseFloat(figure.dataset.total), scale = parseFloat(figure.dataset.scale);
            if (!head || !ready(v) || !(total > 0) || !(scale > 0)) { return; }
            var minute = v.currentTime / v.duration * total;
            head.style.left = Math.min(100, minute / scale * 100) + "%";
            head.hidden = false;
            head.dataset.minute = minute.toFixed(2);
        }
        figures.forEach(function (figure) {
            var timelineBar = figure.querySelector(".timeline-bar");
            if (!timelineBar || !videoFor(figure.dataset.design)) { return; }
            var head = document.createElement("span");
            head.className = "playhead";
            head.hidden = true;
            head.setAttribute("aria-hidden", "true");
            timelineBar.appendChild(head);
        });

        // --- the players' own controls, propagated while linked ----------------------------
        videos.forEach(function (v, i) {
            v.addEventListener("seeking", function () {
                var expected = expectedSeek[i];
                expectedSeek[i] = null;
                if (expected !== null && Math.abs(v.currentTime - expected) < 0.05) { return; }
                if (!linked()) { return; }
                videos.forEach(function (other, j) {
                    if (j !== i) { seekTo(other, v.currentTime + offsets[j] - offsets[i]); }
                });
            });
            v.addEventListener("play", function () {
                if (linked()) { videos.forEach(function (other) { if (other !== v && other.paused && !other.ended) { playQuietly(other); } }); }
                refreshPlayButton();
            });
            v.addEventListener("pause", function () {
                // A shorter lesson ending on its own does not stop the others.
                if (linked() && !v.ended) { videos.forEach(function (other) { if (other !== v && !other.paused) { other.pause(); } }); }
                refreshPlayButton();
            });
            v.addEventListener("ratechange", function () {
                if (linked()) { videos.forEach(function (other) { if (other.playbackRate !== v.playbackRate) { other.playbackRate = v.playbackRate; } }); }
                if (rateSelect && linked()) { rateSelect.value = String(v.playbackRate); }
            });
            v.addEventListener("ended", refreshPlayButton);
            ["timeupdate", "seeked", "loadedmetadata"].forEach(function (e) {
                v.addEventListener(e, function () { drawPlayhead(v); });
            });
            drawPlayhead(v);
        });

        // --- phase segments: jump to the same phase of each lesson -------------------------
        function jumpToPhase(segment) {
            var figure = segment.closest(".timeline");
            var kind = segment.dataset.kind, label = segment.dataset.label;
            var same = Array.prototype.slice.call(figure.querySelectorAll('.seg[data-kind="' + kind + '"]'));
            var nth = same.indexOf(segment);
            var targets = linked() ? videos : [videoFor(figure.dataset.design)].filter(Boolean);
            var moved = [], missing = [];
            targets.forEach(function (v) {
                var own = figureFor(v);
                var total = own ? parseFloat(own.dataset.total) : 0;
                var candidates = own ? own.querySelectorAll('.seg[data-kind="' + kind + '"]') : [];
                var seg = candidates[Math.min(nth, candidates.length - 1)];
                if (!seg || !(total > 0)) { missing.push(labelOf(v)); return; }
                var start = parseFloat(seg.dataset.start);
                if (!ready(v) || !seekTo(v, start / total * v.duration)) { missing.push(labelOf(v)); return; }
                moved.push(labelOf(v) + " 第 " + start + " 分钟");
            });
            takeOffsets();
            var text = moved.length ? "已跳到「" + label + "」：" + moved.join("，") + "。" : "";
            if (missing.length) { text += missing.join("、") + " 没有这一环节或实录尚未加载。"; }
            say(text);
        }
        figures.forEach(function (figure) {
            var timelineBar = figure.querySelector(".timeline-bar");
            if (!timelineBar || !videoFor(figure.dataset.design)) { return; }
            timelineBar.removeAttribute("aria-hidden");
            timelineBar.setAttribute("role", "group");
            timelineBar.setAttribute("aria-label", figure.querySelector("figcaption strong").textContent + " 的教学环节");
            Array.prototype.forEach.call(timelineBar.querySelectorAll(".seg"), function (seg) {
                seg.setAttribute("role", "button");
                seg.tabIndex = 0;
                seg.setAttribute("aria-label", "跳到「" + seg.dataset.label + "」（第 " + seg.dataset.start + " 分钟起，" + seg.dataset.minutes + " 分钟）");
                seg.addEventListener("click", function () { jumpToPhase(seg); });
                seg.addEventListener("keydown", function (event) {
                    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); jumpToPhase(seg); }
                });
            });
        });
        var hint = document.querySelector(".timeline-hint");
        if (hint && videos.length) { hint.hidden = false; }

        // --- the control bar ------------------------------------------------------------
        if (!bar || videos.length < 2) { return; }
        bar.hidden = false;
        playButton.addEventListener("click", function () {
            if (anyPlaying()) {
                videos.forEach(function (v) { v.pause(); });
            } else {
                videos.forEach(function (v) { if (!v.ended) { playQuietly(v); } });
            }
        });
        Array.prototype.forEach.call(bar.querySelectorAll(".skip"), function (button) {
            button.addEventListener("click", function () {
                var delta = parseFloat(button.dataset.seconds);
                videos.forEach(function (v) { seekTo(v, v.currentTime + delta); });
            });
        });
        rateSelect.addEventListener("change", function () {
            var rate = parseFloat(rateSelect.value);
            videos.forEach(function (v) { v.playbackRate = rate; });
            say("播放速度：" + rateSelect.value + "×");
        });
        linkedBox.addEventListener("change", function () {
            if (linkedBox.checked) {
                takeOffsets();
                say("已联动：操作任一段实录，其他实录同步播放、暂停、拖动和变速。");
            } else {
                say("已取消联动：各段实录可单独播放和拖动，点击环节只跳转本段实录。");
            }
        });
        refreshPlayButton();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setup);
    } else {
        setup();
    }
})();
