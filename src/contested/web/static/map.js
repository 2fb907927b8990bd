// contested: the offline map. Equirectangular map units (x = (lon + 180) * 10,
// y = (90 - lat) * 10); pan and zoom change the SVG viewBox. The page draws the first view;
// after a pan or zoom the map asks /api/map for what is in view (each event, or grid
// aggregates where too many are in view), unless the page already holds every event.
// Our own code; it builds the DOM with createElementNS and textContent only.
(function () {
  'use strict';
  var SVGNS = 'http://www.w3.org/2000/svg';
  var svg = document.getElementById('map');
  if (!svg) { return; }
  var world = (svg.getAttribute('data-world') || '3600 1800').split(' ').map(Number);
  var bbox = (svg.getAttribute('data-bbox') || '0 0 3600 1800').split(' ').map(Number);
  var complete = svg.getAttribute('data-complete') !== 'false';
  var apiQuery = svg.getAttribute('data-api') || '';
  var colours = {};
  try { colours = JSON.parse(svg.getAttribute('data-colours') || '{}'); } catch (e) { colours = {}; }
  var classes = {};
  try { classes = JSON.parse(svg.getAttribute('data-classes') || '{}'); } catch (e) { classes = {}; }
  var data = [];
  try {
    var blob = document.getElementById('map-data');
    data = JSON.parse(blob ? blob.textContent : '[]');
  } catch (e) { data = []; }
  var circles = Array.prototype.slice.call(svg.querySelectorAll('circle.pt, circle.cl'));
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
    var counts = svg.querySelectorAll('.cl-labels');
    for (var k = 0; k < counts.length; k++) {
      counts[k].setAttribute('font-size', (11 * view.s).toFixed(3));
    }
    svg.classList.toggle('zoomed-in', view.s < 1.2);
    schedule();
  }

  // ------------------------------------------------ what is in view, from the API
  var timer = null, seq = 0, lastKey = '';
  function schedule() {
    if (complete || !window.fetch) { return; }
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 250);
  }
  function viewBoxDegrees() {
    var vb = svg.getAttribute('viewBox').split(' ').map(Number);
    var west = Math.max(-180, vb[0] / 10 - 180), east = Math.min(180, (vb[0] + vb[2]) / 10 - 180);
    var north = Math.min(90, 90 - vb[1] / 10), south = Math.max(-90, 90 - (vb[1] + vb[3]) / 10);
    if (east <= west || north <= south) { return null; }
    return [west, south, east, north].map(function (v) { return v.toFixed(4); }).join(',');
  }
  function refresh() {
    timer = null;
    var box = viewBoxDegrees();
    if (!box) { return; }
    var width = Math.max(100, Math.min(10000, Math.round(size().w)));
    var url = '/api/map?' + (apiQuery ? apiQuery + '&' : '') + 'bbox=' + encodeURIComponent(box) + '&width=' + width;
    if (url === lastKey) { return; }
    lastKey = url;
    var mine = ++seq;
    svg.setAttribute('data-loading', 'true');
    fetch(url, { headers: { Accept: 'application/json' } }).then(function (resp) {
      return resp.ok ? resp.json() : null;
    }).then(function (body) {
      if (mine !== seq) { return; }
      svg.removeAttribute('data-loading');
      if (body) {
        draw(body);
        complete = body.complete === true;  // every matching event is drawn: no need to ask again
      }
    }).catch(function () { svg.removeAttribute('data-loading'); });
  }
  function el(name, attrs, parent) {
    var node = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function clear(node) { while (node && node.firstChild) { node.removeChild(node.firstChild); } }
  function project(lat, lon) { return [(lon + 180) * 10, (90 - lat) * 10]; }
  function draw(body) {
    var layer = document.getElementById('points');
    var ptLabels = svg.querySelector('.pt-labels'), clLabels = svg.querySelector('.cl-labels');
    clear(layer);
    clear(ptLabels);
    clear(clLabels);
    data = [];
    circles = [];
    var places = {};
    var pts = (body.points || []).map(function (p) {
      var xy = project(p.lat, p.lon);
      return { p: p, x: xy[0], y: xy[1], r: Math.round((4 + 2.2 * Math.sqrt(Math.max(0, p.toll || 0))) * 10) / 10 };
    }).sort(function (a, b) { return b.r - a.r; });
    pts.forEach(function (q) {
      var p = q.p, i = data.length;
      var label = (p.sub_event_type || p.event_type) + ' \u2014 ' + (p.location || 'unknown place');
      data.push({ id: p.id, label: label, date: p.date || 'undated', actor1: p.actor1 || 'unknown',
                  actor2: p.actor2 || '', toll: p.toll, type: p.event_type, contested: p.contested,
                  sources: p.sources, docs: p.docs });
      var link = el('a', { href: '/events/' + encodeURIComponent(p.id), 'class': 'pt-link',
                           'aria-label': label + ', ' + (p.date || 'undated') }, layer);
      var c = el('circle', { 'class': 'pt ' + (classes[p.event_type] || 'tx') + (p.contested ? ' contested' : ''),
                             cx: q.x, cy: q.y, r: q.r * view.s, 'data-r': q.r, 'data-i': i, 'data-id': p.id,
                             fill: colours[p.event_type] || colours[''] || '#34495e' }, link);
      el('title', {}, c).textContent = label + ' \u00b7 ' + (p.date || 'undated') + ' \u00b7 ' + p.toll + ' killed' +
        (p.contested ? ' \u00b7 contested' : '');
      circles.push(c);
      var key = q.x + ',' + q.y;
      if (p.location && (!places[key] || places[key].r < q.r)) { places[key] = { x: q.x, y: q.y, r: q.r, name: p.location }; }
    });
    Object.keys(places).slice(0, 500).forEach(function (key) {
      var l = places[key];
      el('text', { x: l.x, y: l.y, dx: ((l.r + 3) / 12).toFixed(2) + 'em', dy: '0.35em' }, ptLabels).textContent = l.name;
    });
    (body.clusters || []).forEach(function (cl) {
      var i = data.length, xy = project(cl.lat, cl.lon);
      var lo = project(cl.bounds[1], cl.bounds[0]), hi = project(cl.bounds[3], cl.bounds[2]);
      var box = [lo[0], hi[1], hi[0] - lo[0], lo[1] - hi[1]];
      var r = Math.round(Math.min(36, 9 + 8 * Math.log(Math.max(1, cl.n)) / Math.LN10) * 10) / 10;
      var label = cl.n + ' events' + (cl.toll ? ', ' + cl.toll + ' killed (best)' : '');
      data.push({ cluster: true, n: cl.n, label: label, toll: cl.toll, contested: cl.contested, type: cl.type,
                  types: cl.types, box: box });
      var g = el('g', { 'class': 'cl-group' }, layer);
      var c = el('circle', { 'class': 'cl ' + (classes[cl.type] || 'tx') + (cl.contested ? ' contested' : ''),
                             cx: xy[0], cy: xy[1], r: r * view.s, 'data-r': r, 'data-i': i, 'data-box': box.join(' '),
                             fill: colours[cl.type] || '#34495e' }, g);
      el('title', {}, c).textContent = label + (cl.contested ? ' \u00b7 ' + cl.contested + ' contested' : '');
      circles.push(c);
      el('text', { x: xy[0], y: xy[1], dy: '0.35em' }, clLabels).textContent = String(cl.n);
    });
    circles.forEach(bind);
    var summary = document.getElementById('summary');
    if (summary) {
      summary.textContent = body.mode === 'points'
        ? 'Showing ' + body.in_view + ' of ' + body.total + ' matching events in view.'
        : body.in_view + ' of ' + body.total + ' matching events in view, grouped by ' + body.cell +
          '\u00b0 cells; zoom in to see each event.';
    }
    var z = size();
    var labelled = svg.querySelectorAll('.pt-labels');
    for (var j = 0; j < labelled.length; j++) { labelled[j].setAttribute('font-size', (12 * view.s).toFixed(3)); }
    if (clLabels) { clLabels.setAttribute('font-size', (11 * view.s).toFixed(3)); }
    svg.setAttribute('data-view', body.mode + ':' + z.w);
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
    if (d.cluster) {
      Object.keys(d.types || {}).forEach(function (t) { tip.appendChild(line(d.types[t] + ' \u00d7 ' + t)); });
      if (d.contested) { tip.appendChild(line(d.contested + ' contested')); }
      tip.appendChild(line('click to zoom in'));
    } else {
      tip.appendChild(line(d.date + (d.contested ? ' · contested' : '')));
      tip.appendChild(line(d.actor1 + (d.actor2 ? ' → ' + d.actor2 : '')));
      tip.appendChild(line((d.toll ? d.toll + ' killed (best)' : 'no toll claimed') + ' · ' +
        d.sources + ' source(s), ' + d.docs + ' article(s)'));
    }
    var wrap = svg.parentNode.getBoundingClientRect();
    tip.hidden = false;
    tip.style.left = Math.min(clientX - wrap.left + 12, wrap.width - 260) + 'px';
    tip.style.top = (clientY - wrap.top + 12) + 'px';
  }
  function hideTip() { if (tip) { tip.hidden = true; } }
  function bind(c) {
    c.addEventListener('pointerenter', function (e) { if (!drag || !drag.moved) { showTip(c, e.clientX, e.clientY); } });
    c.addEventListener('pointerleave', hideTip);
    var box = c.getAttribute('data-box');
    if (box) {  // a grid aggregate: click to zoom into its cell
      c.addEventListener('click', function () {
        if (suppressClick) { return; }
        hideTip();
        fitTo(box.split(' ').map(Number));
      });
      return;
    }
    var link = c.parentNode;
    link.addEventListener('focus', function () {
      var r = c.getBoundingClientRect();
      showTip(c, r.left + r.width / 2, r.top + r.height / 2);
    });
    link.addEventListener('blur', hideTip);
  }
  circles.forEach(bind);

  if (window.ResizeObserver) {
    new ResizeObserver(function () { clamp(); render(); }).observe(svg);
  }
  fitTo(bbox);
  if (timer) { clearTimeout(timer); timer = null; }  // the page drew this view already
  lastKey = '';
  svg.setAttribute('data-ready', 'true');
}());
