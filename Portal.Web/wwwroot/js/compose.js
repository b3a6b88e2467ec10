// A small formatting editor over the message textarea. Without this script the textarea stays and
// the message is sent as plain text. The server keeps only p, br, strong, em, lists, links, h3/h4 and
// blockquote, so the editor offers nothing else.
(function () {
    "use strict";

    const commands = [
        { label: "Bold", command: "bold" },
        { label: "Italic", command: "italic" },
        { label: "Heading", command: "formatBlock", value: "h3" },
        { label: "Bulleted list", command: "insertUnorderedList" },
        { label: "Numbered list", command: "insertOrderedList" },
        { label: "Quote", command: "formatBlock", value: "blockquote" },
        { label: "Link", command: "createLink" },
        { label: "Plain paragraph", command: "formatBlock", value: "p" },
    ];

    function escapeText(text) {
        const div = document.createElement("div");
        div.textContent = text;
        return div.innerHTML;
    }

    // Chromium writes <b>, <i> and <div>; the allow-list speaks <strong>, <em> and <p>.
    function normalise(html) {
        return html
            .replace(/<(\/?)b(\s[^>]*)?>/gi, "<$1strong>")
            .replace(/<(\/?)i(\s[^>]*)?>/gi, "<$1em>")
            .replace(/<(\/?)div(\s[^>]*)?>/gi, "<$1p>");
    }

    function enhance(textarea) {
        const form = textarea.form;
        const format = form.querySelector("[data-body-format]");
        const label = form.querySelector("label[for='" + textarea.id + "']");
        if (!format || !label) return;

        const toolbar = document.createElement("div");
        toolbar.className = "rich-toolbar";
        toolbar.setAttribute("role", "toolbar");
        toolbar.setAttribute("aria-label", "Formatting");

        const editor = document.createElement("div");
        editor.className = "rich-editor";
        editor.id = textarea.id + "-editor";
        editor.contentEditable = "true";
        editor.setAttribute("role", "textbox");
        editor.setAttribute("aria-multiline", "true");
        editor.setAttribute("aria-labelledby", label.id);
        editor.innerHTML = format.value === "Html" ? textarea.value
            : textarea.value.split(/\n{2,}/).filter(p => p.trim() !== "").map(p => "<p>" + escapeText(p).replace(/\n/g, "<br>") + "</p>").join("");

        const sync = () => { textarea.value = normalise(editor.innerHTML); };

        for (const item of commands) {
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = item.label;
            button.addEventListener("mousedown", e => e.preventDefault()); // keep the selection in the editor
            button.addEventListener("click", () => {
                editor.focus();
                let value = item.value;
                if (item.command === "createLink") {
                    value = window.prompt("Link address (https://, http:// or mailto:)", "https://");
                    if (!value || !/^(https?:|mailto:)/i.test(value.trim())) return;
                }
                document.execCommand(item.command, false, value);
                sync();
            });
            toolbar.appendChild(button);
        }

        document.execCommand("defaultParagraphSeparator", false, "p");
        editor.addEventListener("input", sync);
        // The textarea stays in the form as the field that is posted, out of sight and out of the tab order.
        textarea.hidden = true;
        textarea.required = false;
        textarea.tabIndex = -1;
        label.htmlFor = editor.id;
        format.value = "Html";
        textarea.after(toolbar, editor);
        sync();
        form.addEventListener("submit", e => {
            sync();
            if (editor.textContent.trim() === "") {
                e.preventDefault();
                editor.focus();
            }
        });
    }

    document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
})();
