// The API's docs page: Swagger UI, from the core's own copy, over the core's OpenAPI document.
// A file of its own, not an inline script, so that the page keeps to the core's
// Content-Security-Policy (script-src 'self').
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // no badge fetched from the validator's site: the core serves a LAN, and the page
    // calls nothing outside the core
    validatorUrl: null
  });
})();
