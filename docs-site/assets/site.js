// Behaviour of the contract registry's website: the language switch keeps the search and the position on
// the page, and the search page looks entries up in the static index. Results are built with textContent,
// never as HTML, so no text from a contract can become markup.
(function () {
  'use strict';

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
