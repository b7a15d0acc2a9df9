// Portal-wide behaviour. On a phone, filter panels start folded behind their 筛选条件 button so
// that the first result is on screen; without JavaScript they simply stay open.
(function () {
    "use strict";
    if (!window.matchMedia || !window.matchMedia("(max-width: 860px)").matches) { return; }
    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("details[data-collapse-on-phone]").forEach(function (panel) {
            panel.open = false;
        });
    });
})();
