// Enhancements only: the builder works fully without this script.
(function () {
    "use strict";

    // After a change the page reloads at the element changed; move keyboard focus there too, so the
    // next Tab continues from where the person was working instead of from the top of the page.
    // Done at "load" because the browser's own scroll to the #fragment comes after deferred scripts run.
    window.addEventListener("load", function () {
        var hash = decodeURIComponent(location.hash.slice(1));
        var target = hash && document.getElementById(hash);
        if (!target) return;
        var heading = target.querySelector("h2, h3") || target;
        heading.setAttribute("tabindex", "-1");
        heading.focus();
    });

    // "is answered" compares with nothing: say so by disabling the answer box.
    document.querySelectorAll("form.condition").forEach(function (form) {
        var kind = form.querySelector("select[name='condition.Kind']");
        var value = form.querySelector("input[name='condition.Value']");
        if (!kind || !value) return;
        var sync = function () { value.disabled = kind.value === "Answered"; };
        kind.addEventListener("change", sync);
        sync();
    });

    // A deletion cannot be undone except by editing again: ask first.
    document.querySelectorAll("button.danger").forEach(function (button) {
        button.addEventListener("click", function (event) {
            if (!window.confirm((button.getAttribute("aria-label") || button.textContent) + "?")) event.preventDefault();
        });
    });
})();
