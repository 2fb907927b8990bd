// contested: the offline map. Equirectangular map units (x = (lon + 180) * 10,
// y = (90 - lat) * 10); pan and zoom change the SVG viewBox. Our own code.
(function () {
  'use strict';
  var svg = document.getElementById('map');
  if (!svg) { return; }
  var world = (svg.getAttribute('data-world') || '3600 1800').split(' ').map(Number);
  var bbox = (svg.getAttribute('data-bbox') || '0 0 3600 1800').split(' ').map(Number);
  var data = [];
  try {
    var blob = document.getElementById('map-data');
    data = JSON.parse(blob ? blob.textContent : '[]');
  } catch (e) { data = []; }
  var circles = Array.prototype.slice.call(svg.querySelectorAll('circle.pt'));
  var tip = document.getElementById('tip');
  var view = { cx: bbox[0] + bbox[2] / 2, cy: bbox[1] + bbox[3] / 2, s: 1 };

  function size() {
    var r = svg.getBoundingClientRect();
    return { w: Math.max(r.width, 1), h: Math.max(r.height, 1), left: r.left, top: r.top };
  }
  function clamp() {
    var z = size();
    var maxS = Math.max(world[0] / z.w, world[1] / z.h) * 1.1;
    view.s = Math.min(Math.max(view.s, 0.004), maxS);
    view.cx = Math.min(Math.max(view.cx, 0), world[0]);
    view.cy = Math.min(Math.max(view.cy, 0), world[1]);
  }
  function render() {
    var z = size();
    var w = z.w * view.s, h = z.h * view.s;
    svg.setAttribute('viewBox', [view.cx - w / 2, view.cy - h / 2, w, h].map(function (v) {
      return v.toFixed(3);
    }).join(' '));
    for (var i = 0; i < circles.length; i++) {
      var r = parseFloat(circles[i].getAttribute('data-r')) || 4;
      circles[i].setAttribute('r', (r * view.s).toFixed(3));
    }
    // labels keep a constant size on screen and show only when zoomed in
    var labelled = svg.querySelectorAll('.cities, .pt-labels');
    for (var j = 0; j < labelled.length; j++) {
      labelled[j].setAttribute('font-size', (12 * view.s).toFixed(3));
    }
    svg.classList.toggle('zoomed-in', view.s < 1.2);
  }
  function fitTo(box) {
    var z = size();
    view.cx = box[0] + box[2] / 2;
    view.cy = box[1] + box[3] / 2;
    view.s = Math.max(box[2] / z.w, box[3] / z.h);
    clamp();
    render();
  }
  function zoomAt(factor, px, py) {
    var z = size();
    var ux = view.cx + (px - z.w / 2) * view.s, uy = view.cy + (py - z.h / 2) * view.s;
    view.s *= factor;
    clamp();
    view.cx = ux - (px - z.w / 2) * view.s;
    view.cy = uy - (py - z.h / 2) * view.s;
    clamp();
    render();
  }

  // the base layer: settlement dots, fetched once (cached) and imported as SVG nodes
  if (window.fetch && window.DOMParser) {
    fetch('/map/base.svg').then(function (resp) {
      return resp.ok ? resp.text() : '';
    }).then(function (text) {
      if (!text) { return; }
      var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      var base = document.getElementById('base');
      ['settlements', 'cities'].forEach(function (id) {
        var node = doc.getElementById(id);
        if (node && base) { base.appendChild(document.importNode(node, true)); }
      });
      if (base && base.firstChild) {
        svg.setAttribute('data-base', 'loaded');
        render();
      }
    }).catch(function () { /* the map works without its base layer */ });
  }

  // wheel zoom around the pointer
  svg.addEventListener('wheel', function (e) {
    e.preventDefault();
    var z = size();
    zoomAt(Math.exp(Math.max(-300, Math.min(300, e.deltaY)) * 0.002), e.clientX - z.left, e.clientY - z.top);
  }, { passive: false });

  // drag to pan; a drag never counts as a click on a point
  var drag = null, suppressClick = false;
  svg.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) { return; }
    drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy, moved: false, id: e.pointerId };
  });
  svg.addEventListener('pointermove', function (e) {
    if (!drag) { return; }
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true;
      svg.classList.add('dragging');
      try { svg.setPointerCapture(drag.id); } catch (err) { /* ignore */ }
      hideTip();
    }
    if (drag.moved) {
      view.cx = drag.cx - dx * view.s;
      view.cy = drag.cy - dy * view.s;
      clamp();
      render();
    }
  });
  function endDrag() {
    if (drag && drag.moved) { suppressClick = true; }
    drag = null;
    svg.classList.remove('dragging');
  }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('click', function (e) {
    if (suppressClick) {
      e.preventDefault();
      e.stopPropagation();
      suppressClick = false;
    }
  }, true);

  // keyboard: arrows pan, +/- zoom
  svg.addEventListener('keydown', function (e) {
    var z = size(), step = 60 * view.s;
    var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      view.cx += moves[e.key][0];
      view.cy += moves[e.key][1];
      clamp();
      render();
      e.preventDefault();
    } else if (e.key === '+' || e.key === '=') {
      zoomAt(0.67, z.w / 2, z.h / 2);
    } else if (e.key === '-') {
      zoomAt(1.5, z.w / 2, z.h / 2);
    }
  });
  function button(id, fn) {
    var b = document.getElementById(id);
    if (b) { b.addEventListener('click', fn); }
  }
  button('zoom-in', function () { var z = size(); zoomAt(0.67, z.w / 2, z.h / 2); });
  button('zoom-out', function () { var z = size(); zoomAt(1.5, z.w / 2, z.h / 2); });
  button('zoom-fit', function () { fitTo(bbox); });
  button('zoom-world', function () { fitTo([0, 0, world[0], world[1]]); });

  // tooltips: text only (textContent), from the JSON data block
  function line(text, cls) {
    var div = document.createElement('div');
    if (cls) { div.className = cls; }
    div.textContent = text;
    return div;
  }
  function showTip(circle, clientX, clientY) {
    var d = data[parseInt(circle.getAttribute('data-i'), 10)];
    if (!d || !tip) { return; }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    tip.appendChild(line(d.label, 'tip-title'));
    tip.appendChild(line(d.date + (d.contested ? ' · contested' : '')));
    tip.appendChild(line(d.actor1 + (d.actor2 ? ' → ' + d.actor2 : '')));
    tip.appendChild(line((d.toll ? d.toll + ' killed (best)' : 'no toll claimed') + ' · ' +
      d.sources + ' source(s), ' + d.docs + ' article(s)'));
    var wrap = svg.parentNode.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = Math.min(clientX - wrap.left + 12, wrap.width - 260) + 'px';
    tip.style.top = (clientY - wrap.top + 12) + 'px';
  }
  function hideTip() { if (tip) { tip.hidden = true; } }
  circles.forEach(function (c) {
    c.addEventListener('pointerenter', function (e) { if (!drag || !drag.moved) { showTip(c, e.clientX, e.clientY); } });
    c.addEventListener('pointerleave', hideTip);
    var link = c.parentNode;
    link.addEventListener('focus', function () {
      var r = c.getBoundingClientRect();
      showTip(c, r.left + r.width / 2, r.top + r.height / 2);
    });
    link.addEventListener('blur', hideTip);
  });

  if (window.ResizeObserver) {
    new ResizeObserver(function () { clamp(); render(); }).observe(svg);
  }
  fitTo(bbox);
  svg.setAttribute('data-ready', 'true');
}());
