// 我的作品 form: stage narrows grade and subject, a filter box narrows subjects, the kind says
// what it requires, and large uploads show their progress. Without JavaScript the form still
// works (the server checks the same pairings).
(function () {
    "use strict";
    var form = document.getElementById("work-form");
    if (!form) { return; }
    var stage = form.elements.stage, grade = form.elements.grade, subject = form.elements.subject;
    var kind = form.elements.kind, filter = document.getElementById("subject-filter");
    var requirements = JSON.parse(document.getElementById("kind-requirements").textContent || "{}");

    function narrow(select, text) {
        var stageId = stage.value;
        Array.prototype.forEach.call(select.options, function (option) {
            if (!option.value) { return; }
            var stages = (option.getAttribute("data-stages") || "").split(" ").filter(Boolean);
            var fits = !stageId || stages.length === 0 || stages.indexOf(stageId) !== -1;
            var matches = !text || option.text.indexOf(text) !== -1;
            option.hidden = !(fits && matches);
            option.disabled = !fits;
            if (option.selected && !fits) { select.value = ""; }
        });
    }
    function refresh() {
        narrow(grade, "");
        narrow(subject, filter ? filter.value.trim() : "");
        var need = requirements[kind.value];
        var note = document.getElementById("kind-requirement");
        var parts = need ? (need.video ? ["视频"] : []).concat(need.parts) : [];
        note.textContent = parts.length ? "提交审核前必须上传：" + parts.join("、") + "。" : "";
        var video = document.getElementById("video-fields");
        video.hidden = !(kind.value === "micro_course" || kind.value === "lesson_recording");
    }
    // File pickers in Chinese: the native button speaks the browser's language ("Choose File").
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
        var picker = document.createElement("span");
        picker.className = "file-picker";
        var button = document.createElement("label");
        button.className = "button secondary";
        button.htmlFor = input.id;
        button.textContent = input.multiple ? "选择文件（可多选）" : "选择文件";
        var chosen = document.createElement("span");
        chosen.className = "muted file-chosen";
        chosen.textContent = "未选择文件";
        input.classList.add("visually-hidden");
        input.parentNode.insertBefore(picker, input);
        picker.appendChild(input);
        picker.appendChild(button);
        picker.appendChild(chosen);
        input.addEventListener("change", function () {
            var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
            chosen.textContent = names.length ? names.join("、") : "未选择文件";
        });
    });

    [stage, kind].forEach(function (el) { el.addEventListener("change", refresh); });
    if (filter) { filter.addEventListener("input", refresh); }
    refresh();

    form.addEventListener("submit", function (event) {
        var files = form.querySelectorAll("input[type=file]");
        var total = 0;
        Array.prototype.forEach.call(files, function (input) {
            Array.prototype.forEach.call(input.files || [], function (f) { total += f.size; });
        });
        if (total < 1024 * 1024 || !window.FormData || !window.XMLHttpRequest) { return; }
        event.preventDefault();
        var data = new FormData(form);
        if (event.submitter && event.submitter.name) { data.set(event.submitter.name, event.submitter.value); }
        var box = document.getElementById("upload-progress");
        var bar = box.querySelector("progress"), label = box.querySelector("span");
        box.hidden = false;
        var xhr = new XMLHttpRequest();
        // Not form.action: the submit buttons are named "action" and shadow the property.
        xhr.open("POST", form.getAttribute("action") || window.location.href);
        xhr.upload.addEventListener("progress", function (e) {
            if (e.lengthComputable) {
                bar.value = Math.round(e.loaded * 100 / e.total);
                label.textContent = "正在上传… " + bar.value + "%";
            }
        });
        xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
        xhr.addEventListener("load", function () {
            var type = xhr.getResponseHeader("Content-Type") || "";
            if (type.indexOf("application/json") === 0) {
                window.location.href = JSON.parse(xhr.responseText).redirect;  // saved
            } else {
                document.open(); document.write(xhr.responseText); document.close();  // the form with its errors
            }
        });
        xhr.addEventListener("error", function () { label.textContent = "上传中断，请检查网络后重试。"; });
        xhr.send(data);
    });
})();
