/* Quartiers 2030 — the agenda partners embed on their own site.
 *
 *   <div id="agenda-oriv"></div>
 *   <script src="https://…/static/js/embed.js" data-organiser="oriv"
 *           data-target="agenda-oriv" async></script>
 *
 * Attributes of the script: data-organiser or data-cycle (slugs), data-target (the id of the
 * element to fill; without it, a <div> is put right after the script), data-limit (how many
 * events, 5 by default, 20 at most), data-api (the API's address; by default /api/v1/ on
 * the host serving this file).
 *
 * It reads the public API (CORS), shows a list of links with French dates, and styles only
 * what is inside its own container, with neutral rules the host page's fonts and colours
 * show through. No framework, no cookie, no other request.
 */
(function () {
  "use strict";
  var script = document.currentScript ||
    document.querySelector("script[src*='embed.js'][data-organiser], script[src*='embed.js'][data-cycle]");
  if (!script || !window.fetch) return;

  var organiser = script.getAttribute("data-organiser") || "";
  var cycle = script.getAttribute("data-cycle") || "";
  var limit = Math.min(Math.max(parseInt(script.getAttribute("data-limit"), 10) || 5, 1), 20);
  var api = script.getAttribute("data-api") || new URL("/api/v1/", script.src).href;
  if (api.charAt(api.length - 1) !== "/") api += "/";

  var container = null;
  var targetId = script.getAttribute("data-target");
  if (targetId) container = document.getElementById(targetId);
  if (!container) {
    container = document.createElement("div");
    script.parentNode.insertBefore(container, script.nextSibling);
  }
  container.classList.add("q2030-agenda");

  var STYLE_ID = "q2030-agenda-style";
  if (!document.getElementById(STYLE_ID)) {
    var style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = [
      ".q2030-agenda{font:inherit;color:inherit}",
      ".q2030-agenda .q2030-list{list-style:none;margin:0;padding:0}",
      ".q2030-agenda .q2030-item{margin:0 0 .75em;padding:0 0 .75em;border-bottom:1px solid rgba(127,127,127,.35)}",
      ".q2030-agenda .q2030-item:last-child{border-bottom:0}",
      ".q2030-agenda .q2030-when{display:block;font-size:.9em}",
      ".q2030-agenda .q2030-title{font-weight:bold;color:inherit;text-decoration:underline}",
      ".q2030-agenda .q2030-where{display:block;font-size:.9em}",
      ".q2030-agenda .q2030-cancelled{font-weight:bold}",
      ".q2030-agenda .q2030-more{margin:.5em 0 0;font-size:.9em}"
    ].join("\n");
    document.head.appendChild(style);
  }

  var dayFormat = new Intl.DateTimeFormat("fr-FR", {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "Europe/Paris"
  });
  var timeFormat = new Intl.DateTimeFormat("fr-FR", {
    hour: "numeric", minute: "2-digit", timeZone: "Europe/Paris"
  });

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function hour(iso) {
    // "10:00" → "10h", "16:30" → "16h30", as on the portal.
    return timeFormat.format(new Date(iso)).replace(/:00$/, "h").replace(":", "h");
  }

  function when(event) {
    // The day, at noon in Paris, so that no time zone moves it to another day.
    var day = dayFormat.format(new Date(event.date + "T12:00:00+01:00"));
    day = day.charAt(0).toUpperCase() + day.slice(1);
    if (event.start && event.end) day += ", " + hour(event.start) + " – " + hour(event.end);
    return day;
  }

  function render(data) {
    container.textContent = "";
    container.removeAttribute("aria-busy");
    if (!data.items.length) {
      container.appendChild(el("p", "q2030-empty", "Aucun événement à venir pour le moment."));
      return;
    }
    var list = el("ul", "q2030-list");
    data.items.forEach(function (event) {
      var item = el("li", "q2030-item");
      var time = el("time", "q2030-when", when(event));
      time.setAttribute("datetime", event.start || event.date);
      item.appendChild(time);
      var link = el("a", "q2030-title", event.title);
      link.href = event.url;
      item.appendChild(link);
      if (event.status === "cancelled") {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", "q2030-cancelled", "(annulé)"));
      }
      var where = [event.kind_label];
      if (event.venue) {
        where.push(event.venue.city + (event.venue.department ? " (" + event.venue.department + ")" : ""));
      }
      if (event.remote_attendance) where.push("aussi à distance");
      item.appendChild(el("span", "q2030-where", where.join(" · ")));
      list.appendChild(item);
    });
    container.appendChild(list);
    if (data.count > data.items.length) {
      var more = el("p", "q2030-more");
      var all = el("a", "", "Tous les événements sur Quartiers 2030");
      all.href = new URL("/", api).href;
      more.appendChild(all);
      container.appendChild(more);
    }
  }

  function fail() {
    container.textContent = "";
    container.removeAttribute("aria-busy");
    container.appendChild(el("p", "q2030-error", "L'agenda n'a pas pu être chargé. Réessayez plus tard."));
  }

  var today = new Intl.DateTimeFormat("en-CA", {
    year: "numeric", month: "2-digit", day: "2-digit", timeZone: "Europe/Paris"
  }).format(new Date());
  var query = "events?from=" + encodeURIComponent(today) + "&page_size=" + limit;
  if (organiser) query += "&organiser=" + encodeURIComponent(organiser);
  if (cycle) query += "&cycle=" + encodeURIComponent(cycle);

  container.setAttribute("aria-busy", "true");
  container.textContent = "Chargement de l'agenda…";
  fetch(api + query, { credentials: "omit", headers: { Accept: "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(render, fail);
})();
