/* Zoom and pan for the world map on /map/.

   A progressive enhancement: the map is complete without this script (every country is a link,
   and the table beside it has the figures). The script only changes the SVG's viewBox, from
   buttons it adds above the map, from the keyboard while focus is in the map (+ and - zoom,
   arrow keys pan, 0 resets), and by dragging with a mouse, pen or finger. Changes are animated
   unless the system asks for reduced motion. Nothing is fetched. */
(function () {
  "use strict";

  var figure = document.querySelector("[data-map]");
  var svg = figure && figure.querySelector("svg.world-map");
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) {
    return;
  }

  var base = svg.viewBox.baseVal;
  var full = { x: base.x, y: base.y, w: base.width, h: base.height };
  var view = { x: full.x, y: full.y, w: full.w, h: full.h };
  var MAX_ZOOM = 12;
  var STEP = 1.6; // zoom factor of one press
  var PAN = 0.2; // share of the visible width or height moved by one press
  var reducedMotion = window.matchMedia ? window.matchMedia("(prefers-reduced-motion: reduce)") : null;
  var frame = null;

  // The words shown come from the page (data-text-* on the figure), so they are in its language;
  // the English ones below are only a fallback.
  function text(name, fallback) {
    var value = figure.getAttribute("data-text-" + name);
    return value || fallback;
  }

  function zoomLevel() {
    return full.w / view.w;
  }

  // Keep the view inside the map and between the whole map and MAX_ZOOM.
  function clamp(next) {
    var w = Math.min(full.w, Math.max(full.w / MAX_ZOOM, next.w));
    var h = w * full.h / full.w;
    var x = Math.min(full.x + full.w - w, Math.max(full.x, next.x));
    var y = Math.min(full.y + full.h - h, Math.max(full.y, next.y));
    return { x: x, y: y, w: w, h: h };
  }

  function draw(box) {
    svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].map(function (n) {
      return Math.round(n * 100) / 100;
    }).join(" "));
  }

  function moveTo(next, animate) {
    var target = clamp(next);
    if (frame) {
      window.cancelAnimationFrame(frame);
      frame = null;
    }
    if (!animate || (reducedMotion && reducedMotion.matches)) {
      view = target;
      draw(view);
      announce();
      return;
    }
    var start = { x: view.x, y: view.y, w: view.w, h: view.h };
    var began = null;
    var duration = 180;
    function step(time) {
      if (began === null) {
        began = time;
      }
      var t = Math.min(1, (time - began) / duration);
      var ease = t * (2 - t);
      view = {
        x: start.x + (target.x - start.x) * ease,
        y: start.y + (target.y - start.y) * ease,
        w: start.w + (target.w - start.w) * ease,
        h: start.h + (target.h - start.h) * ease
      };
      draw(view);
      if (t < 1) {
        frame = window.requestAnimationFrame(step);
      } else {
        frame = null;
        view = target;
        announce();
      }
    }
    frame = window.requestAnimationFrame(step);
  }

  function zoom(factor, centre) {
    var c = centre || { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    var w = view.w / factor;
    var h = view.h / factor;
    moveTo({ x: c.x - (c.x - view.x) / factor, y: c.y - (c.y - view.y) / factor, w: w, h: h }, true);
  }

  function pan(dx, dy) {
    moveTo({ x: view.x + dx * view.w * PAN, y: view.y + dy * view.h * PAN, w: view.w, h: view.h }, true);
  }

  function reset() {
    moveTo(full, true);
  }

  // The controls exist only when the script runs, so they never show without it.
  var status = document.createElement("p");
  status.className = "map-hint note";
  status.setAttribute("aria-live", "polite");

  function announce() {
    var level = zoomLevel();
    var message = level > 1.01
      ? text("zoomed", "Zoom {level}×. Keys in the map: + and − zoom, arrows pan, 0 resets.")
        .replace("{level}", String(Math.round(level * 10) / 10))
      : text("hint", "Keys in the map: + and − zoom, arrows pan, 0 resets; Tab moves from country to country.");
    if (status.textContent !== message) { // panning alone is not announced
      status.textContent = message;
    }
  }

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  var controls = document.createElement("div");
  controls.className = "map-controls";
  controls.setAttribute("role", "toolbar");
  controls.setAttribute("aria-label", text("toolbar", "Zoom and pan the map"));
  controls.setAttribute("aria-controls", svg.id);
  controls.appendChild(button(text("zoom-in", "Zoom in"), "+", function () { zoom(STEP); }));
  controls.appendChild(button(text("zoom-out", "Zoom out"), "−", function () { zoom(1 / STEP); }));
  controls.appendChild(button(text("pan-left", "Pan left"), "←", function () { pan(-1, 0); }));
  controls.appendChild(button(text("pan-up", "Pan up"), "↑", function () { pan(0, -1); }));
  controls.appendChild(button(text("pan-down", "Pan down"), "↓", function () { pan(0, 1); }));
  controls.appendChild(button(text("pan-right", "Pan right"), "→", function () { pan(1, 0); }));
  controls.appendChild(button(text("reset-label", "Show the whole map"), text("reset", "Reset"), reset));
  var frameBox = svg.parentNode;
  frameBox.parentNode.insertBefore(controls, frameBox);
  frameBox.parentNode.insertBefore(status, frameBox);
  announce();

  // Keyboard, while focus is on one of the map's countries.
  svg.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var handled = true;
    switch (event.key) {
      case "+":
      case "=":
        zoom(STEP);
        break;
      case "-":
      case "_":
        zoom(1 / STEP);
        break;
      case "0":
        reset();
        break;
      case "ArrowLeft":
        pan(-1, 0);
        break;
      case "ArrowRight":
        pan(1, 0);
        break;
      case "ArrowUp":
        pan(0, -1);
        break;
      case "ArrowDown":
        pan(0, 1);
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // A country reached with Tab while zoomed in is brought into view.
  svg.addEventListener("focusin", function (event) {
    var link = event.target.closest ? event.target.closest("a.country") : null;
    if (!link || zoomLevel() <= 1.01) {
      return;
    }
    var box = link.getBBox();
    var inside = box.x >= view.x && box.y >= view.y &&
      box.x + box.width <= view.x + view.w && box.y + box.height <= view.y + view.h;
    if (!inside) {
      moveTo({
        x: box.x + box.width / 2 - view.w / 2,
        y: box.y + box.height / 2 - view.h / 2,
        w: view.w,
        h: view.h
      }, true);
    }
  });

  // Dragging pans; a drag does not count as a click on the country under the pointer.
  var drag = null;
  var dragged = false;

  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || zoomLevel() <= 1.01) {
      return;
    }
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, from: { x: view.x, y: view.y } };
    dragged = false;
  });

  svg.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.id) {
      return;
    }
    var dx = event.clientX - drag.x;
    var dy = event.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 5) {
      return;
    }
    if (!dragged) {
      dragged = true;
      svg.setPointerCapture(event.pointerId);
      svg.classList.add("is-dragging");
    }
    var perPixel = view.w / svg.getBoundingClientRect().width;
    moveTo({ x: drag.from.x - dx * perPixel, y: drag.from.y - dy * perPixel, w: view.w, h: view.h }, false);
  });

  function endDrag(event) {
    if (drag && event.pointerId === drag.id) {
      drag = null;
      svg.classList.remove("is-dragging");
    }
  }

  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);

  svg.addEventListener("click", function (event) {
    if (dragged) {
      event.preventDefault();
      event.stopPropagation();
      dragged = false;
    }
  }, true);
})();
