// Behaviour of the contract registry's website, all of it progressive enhancement (every page works without it):
// the menu button of narrow screens, copy buttons on code blocks and wire names, a link on every heading that
// has an id, the language switch that keeps the search and the position on the page, the form that compares two
// editions, and the search page that looks entries up in the static index. Everything is built with textContent and setAttribute, never as HTML,
// so no text from a contract can become markup. The interface words come from data-* attributes of <body>,
// which the templates fill from strings.json.
(function () {
  'use strict';

  var body = document.body;
  function word(name, fallback) { return body.getAttribute('data-' + name) || fallback; }

  // The menu of narrow screens: a real button, shown only when this script runs; without it the menu stays open.
  var toggle = document.querySelector('.menu-toggle');
  var menu = document.getElementById('site-menu');
  if (toggle && menu) {
    var header = toggle.closest('.site-header');
    var setOpen = function (open) {
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      menu.classList.toggle('menu-closed', !open);
    };
    header.classList.add('js-menu');
    toggle.hidden = false;
    setOpen(false);
    toggle.addEventListener('click', function () {
      setOpen(toggle.getAttribute('aria-expanded') !== 'true');
    });
    header.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true' && toggle.offsetParent !== null) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // One polite live region tells screen readers that a copy worked (or did not).
  var announcer = document.createElement('p');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('role', 'status');
  body.appendChild(announcer);

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  function fallbackCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'visually-hidden';
      body.appendChild(area);
      var focused = document.activeElement;
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      body.removeChild(area);
      if (focused && focused.focus) { focused.focus(); }
      if (ok) { resolve(); } else { reject(new Error('copy')); }
    });
  }

  function copyButton(getText, label, icon) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = icon ? 'copy wire-copy' : 'copy';
    button.setAttribute('aria-label', label);
    button.title = label;
    if (icon) {
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('aria-hidden', 'true');
      svg.setAttribute('focusable', 'false');
      var back = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      back.setAttribute('x', '8'); back.setAttribute('y', '8'); back.setAttribute('width', '13'); back.setAttribute('height', '13'); back.setAttribute('rx', '2');
      var front = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      front.setAttribute('d', 'M16 8V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v9a2 2 0 0 0 2 2h3');
      svg.appendChild(back);
      svg.appendChild(front);
      button.appendChild(svg);
    } else {
      button.textContent = word('copy', 'Copy');
    }
    var timer;
    button.addEventListener('click', function () {
      copyText(getText()).then(function () {
        button.classList.add('done');
        if (!icon) { button.textContent = word('copied', 'Copied'); }
        announcer.textContent = word('copied', 'Copied');
      }, function () {
        announcer.textContent = word('copy-failed', 'Could not copy');
      });
      clearTimeout(timer);
      timer = setTimeout(function () {
        button.classList.remove('done');
        if (!icon) { button.textContent = word('copy', 'Copy'); }
        announcer.textContent = '';
      }, 2000);
    });
    return button;
  }

  // A copy button on every code block.
  Array.prototype.forEach.call(document.querySelectorAll('main pre'), function (pre) {
    var wrap = document.createElement('div');
    wrap.className = 'code-block';
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(copyButton(function () { return pre.textContent; }, word('copy-code', 'Copy the code'), false));
    wrap.appendChild(pre);
  });

  // A download button on every code block that names a file (the example payloads): the file is made in the page.
  Array.prototype.forEach.call(document.querySelectorAll('main pre[data-download]'), function (pre) {
    var name = pre.getAttribute('data-download');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy download';
    button.textContent = (pre.getAttribute('data-download-label') || 'Download') + ' ' + name;
    button.addEventListener('click', function () {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([pre.textContent + '\n'], { type: 'application/json' }));
      link.download = name;
      body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
    pre.parentNode.insertBefore(button, pre);
  });

  // A copy button beside every wire name of a field table.
  Array.prototype.forEach.call(document.querySelectorAll('table.fields a.wire'), function (link) {
    var name = link.textContent;
    link.parentNode.insertBefore(copyButton(function () { return name; }, word('copy-wire', 'Copy the wire name') + ' ' + name, true), link.nextSibling);
  });

  // A visible link on every h2 and h3 that has an id.
  Array.prototype.forEach.call(document.querySelectorAll('main h2[id], main h3[id]'), function (heading) {
    var anchor = document.createElement('a');
    anchor.className = 'anchor';
    anchor.href = '#' + heading.id;
    anchor.setAttribute('aria-label', word('anchor', 'Link to this section'));
    anchor.textContent = '#';
    heading.appendChild(anchor);
  });

  var search = document.getElementById('search-input');

  // The language switch: keep the query string and the anchor of the current page.
  var language = document.querySelector('[data-language-switch]');
  if (language) {
    language.addEventListener('click', function () {
      var base = language.getAttribute('href').split('#')[0].split('?')[0];
      var query = location.search;
      if (search && search.value) {
        query = '?q=' + encodeURIComponent(search.value);
      }
      language.setAttribute('href', base + query + location.hash);
    });
  }

  // The form that compares two versions (the list of editions): shown only when this script runs, as the list of
  // every pair below it leads to the same pages without it. It opens the page of the pair, older side first.
  var compare = document.querySelector('form.compare-form');
  if (compare) {
    var from = compare.querySelector('select[name="from"]');
    var to = compare.querySelector('select[name="to"]');
    var said = compare.querySelector('.compare-status');
    compare.hidden = false;
    compare.addEventListener('submit', function (event) {
      event.preventDefault();
      var a = from.selectedIndex;
      var b = to.selectedIndex;
      var older = from.options[Math.min(a, b)].value;
      var newer = from.options[Math.max(a, b)].value;
      var pair = null;
      document.querySelectorAll('a[data-compare-from]').forEach(function (link) {
        if (link.getAttribute('data-compare-from') === older && link.getAttribute('data-compare-to') === newer) {
          pair = link;
        }
      });
      if (a === b || !pair) {
        said.textContent = compare.getAttribute(a === b ? 'data-same' : 'data-missing') || '';
        return;
      }
      location.href = pair.href;
    });
  }

  var results = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var index = window.CONTRACTS_SEARCH_INDEX;
  if (!search || !results || !status || !Array.isArray(index)) {
    return;
  }

  var lang = results.getAttribute('data-lang') === 'en' ? 'en' : 'vi';
  var home = results.getAttribute('data-home') || '';
  var limit = 100;

  // Lowercase, without diacritics (đ → d): "ho so" finds "hồ sơ".
  function fold(text) {
    return String(text || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/\u0111/g, 'd')
      .replace(/\u0110/g, 'd')
      .toLowerCase();
  }

  var prepared = index.map(function (entry) {
    return {
      entry: entry,
      name: fold(entry.n),
      text: fold([entry.n, entry.t.vi, entry.t.en, entry.c.vi, entry.c.en].join(' '))
    };
  });

  var order = { contract: 0, catalogue: 1, record: 2, code: 3, field: 4, provision: 5 };

  function score(item, exact, whole) {
    var s = order[item.entry.k] || 0;
    if (item.entry.n === exact) { s -= 200; }
    if (item.name === whole) { s -= 100; }
    else if (item.name.indexOf(whole) === 0) { s -= 50; }
    return s;
  }

  function render(query) {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var whole = fold(query).trim();
    if (!whole) {
      status.textContent = status.getAttribute('data-empty');
      return;
    }
    var terms = whole.split(/\s+/);
    var found = prepared.filter(function (item) {
      return terms.every(function (term) { return item.text.indexOf(term) !== -1; });
    });
    var exact = String(query).trim();
    found.sort(function (a, b) { return score(a, exact, whole) - score(b, exact, whole); });
    if (!found.length) {
      status.textContent = status.getAttribute('data-none');
      return;
    }
    var text = found.length + ' ' + status.getAttribute('data-count');
    if (found.length > limit) { text += ' (' + status.getAttribute('data-more') + ')'; }
    status.textContent = text;
    found.slice(0, limit).forEach(function (item) {
      var entry = item.entry;
      var li = document.createElement('li');
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = results.getAttribute('data-kind-' + entry.k) || entry.k;
      var link = document.createElement('a');
      link.href = home + entry.u;
      link.textContent = entry.t[lang];
      li.appendChild(kind);
      li.appendChild(link);
      if (entry.n) {
        li.appendChild(document.createTextNode(' '));
        var name = document.createElement('code');
        name.textContent = entry.n;
        li.appendChild(name);
      }
      if (entry.c[lang]) {
        var context = document.createElement('span');
        context.className = 'context';
        context.textContent = ' (' + entry.c[lang] + ')';
        li.appendChild(context);
      }
      results.appendChild(li);
    });
  }

  var params = new URLSearchParams(location.search);
  var initial = params.get('q') || '';
  search.value = initial;
  var quick = document.getElementById('quick-search-input');
  if (quick) { quick.value = initial; }
  render(initial);
  search.addEventListener('input', function () { render(search.value); });
})();
