// contested: shared page behaviour. Our own code; builds no HTML from data.
(function () {
  'use strict';
  // Filter forms: keep only the filled-in fields in the URL (?country=AZ&contested=true).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form || !form.classList || !form.classList.contains('filters')) { return; }
    event.preventDefault();
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      var v = String(value).trim();
      if (v) { params.append(key, v); }
    });
    var query = params.toString();
    window.location.assign((form.getAttribute('action') || '/') + (query ? '?' + query : ''));
  });
  // Selecting a type or contested value applies the filters at once.
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (el && el.tagName === 'SELECT' && el.form && el.form.classList.contains('filters')) {
      if (typeof el.form.requestSubmit === 'function') { el.form.requestSubmit(); }
    }
  });
}());
