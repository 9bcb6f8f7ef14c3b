// opslens: progressive enhancements only; every page works without this
// file. On the question page: keyboard shortcuts, and saving an answer
// without a page load (the server's answer page replaces the current one).
(function () {
  "use strict";

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function follow(id) {
    var a = document.getElementById(id);
    if (a) { window.location.href = a.href; }
  }

  function save() {
    var form = document.getElementById("answer-form");
    if (form && document.getElementById("save")) { form.requestSubmit(); }
  }

  document.addEventListener("keydown", function (e) {
    if (!document.getElementById("answer-form")) { return; }
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); save(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
    switch (e.key) {
      case "j": case "n": follow("next-question"); break;
      case "k": case "p": follow("prev-question"); break;
      case "s": e.preventDefault(); save(); break;
    }
  });

  // Submit the answer with fetch and swap in the page the server sends
  // back: after a save, the question page with its new risk; after a
  // refusal (bad input, someone else's change), the page explaining it.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-enhance") || !window.fetch || !window.DOMParser) { return; }
    e.preventDefault();
    var status = document.getElementById("save-status");
    if (status) { status.textContent = "Saving…"; }
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      credentials: "same-origin"
    }).then(function (res) {
      return res.text().then(function (html) { return { res: res, html: html }; });
    }).then(function (r) {
      var doc = new DOMParser().parseFromString(r.html, "text/html");
      var main = doc.getElementById("main");
      if (!main) { throw new Error("no page"); }
      document.getElementById("main").replaceWith(main);
      document.title = doc.title;
      if (r.res.redirected) { history.replaceState(null, "", r.res.url); }
      var focus = main.querySelector("[role=alert], .flash") || document.getElementById("risk-badge");
      if (focus) { focus.setAttribute("tabindex", "-1"); focus.focus(); }
    }).catch(function () {
      form.removeAttribute("data-enhance");
      form.requestSubmit(); // fall back to an ordinary post
    });
  });
})();
