// Suggestions while typing (输入提示) on every search box marked data-suggest. Progressive
// enhancement: without JavaScript the box is a plain GET form. With it, the box becomes an ARIA
// combobox: ↑/↓ move through the list, Enter opens the highlighted suggestion (or submits what was
// typed when none is highlighted), Esc closes the list, a mouse click opens a suggestion.
(function () {
    "use strict";
    var DELAY = 120;
    var counter = 0;

    function setup(input) {
        var endpoint = input.getAttribute("data-suggest");
        var id = "suggest-" + (++counter);
        var list = document.createElement("ul");
        list.id = id;
        list.className = "suggest-list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "搜索建议");
        list.hidden = true;
        var status = document.createElement("span");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        input.parentNode.classList.add("suggest-host");
        input.parentNode.appendChild(list);
        input.parentNode.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", id);
        input.setAttribute("autocomplete", "off");

        var items = [], active = -1, timer = null, asked = 0;

        function close() {
            list.hidden = true;
            active = -1;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
        }

        function highlight(index) {
            var options = list.children;
            if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
            active = index;
            if (active >= 0 && options[active]) {
                options[active].setAttribute("aria-selected", "true");
                input.setAttribute("aria-activedescendant", options[active].id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function render(suggestions) {
            items = suggestions;
            list.textContent = "";
            active = -1;
            suggestions.forEach(function (s, i) {
                var li = document.createElement("li");
                li.id = id + "-" + i;
                li.setAttribute("role", "option");
                li.setAttribute("aria-selected", "false");
                var kind = document.createElement("span");
                kind.className = "suggest-type";
                kind.textContent = s.type_label;
                li.appendChild(kind);
                li.appendChild(document.createTextNode(" " + s.text));
                li.addEventListener("mousedown", function (event) {
                    event.preventDefault();  // keep the focus in the box until we leave
                    window.location.href = s.url;
                });
                list.appendChild(li);
            });
            var open = suggestions.length > 0;
            list.hidden = !open;
            input.setAttribute("aria-expanded", open ? "true" : "false");
            status.textContent = open ? "有 " + suggestions.length + " 条建议，用上下方向键选择" : "";
        }

        function ask() {
            var q = input.value.trim();
            if (!q) { render([]); return; }
            var ticket = ++asked;
            fetch(endpoint + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
                .then(function (data) { if (ticket === asked) { render(data.suggestions || []); } })
                .catch(function () { if (ticket === asked) { render([]); } });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, DELAY);
        });
        input.addEventListener("keydown", function (event) {
            // Keys that confirm or move within a Chinese input method's candidates are its own.
            if (event.isComposing || event.keyCode === 229) { return; }
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                if (list.hidden) { if (items.length) { render(items); } else { ask(); } return; }
                event.preventDefault();
                var step = event.key === "ArrowDown" ? 1 : -1;
                var next = active + step;
                if (next < -1) { next = items.length - 1; }
                if (next >= items.length) { next = -1; }
                highlight(next);
            } else if (event.key === "Enter") {
                if (!list.hidden && active >= 0 && items[active]) {
                    event.preventDefault();
                    window.location.href = items[active].url;
                }
            } else if (event.key === "Escape") {
                if (!list.hidden) { event.preventDefault(); close(); }
            }
        });
        input.addEventListener("blur", close);
    }

    document.addEventListener("DOMContentLoaded", function () {
        if (!window.fetch) { return; }
        document.querySelectorAll("input[data-suggest]").forEach(setup);
    });
})();
