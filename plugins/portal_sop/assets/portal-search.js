// Portal SOP search box: Pagefind behind Material's search look.
// Pagefind's code and index are fetched only once someone focuses the box
// or opens the search; everything comes from this site (relative URLs).
// All text from the index is put in the page as text, never as HTML.
(function () {
  "use strict";
  var root = document.querySelector("[data-portal-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector("input[type=search]");
  var form = root.querySelector("form");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector("ol");
  var filterBox = root.querySelector(".portal-search__filters");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var INDEX_ONLY = "\u2063"; // marks words added for the index only (search/__init__.py)
  var EXCERPT_WORDS = 26;
  var MAX_RESULTS = 10;
  var KINDS = { sop: "SOP", kecamatan: "Halaman kecamatan", kabupaten: "Halaman kabupaten", data: "Data kinerja", panduan: "Panduan" };
  var pagefind = null;
  var loading = null;
  var serial = 0;
  var timer = null;

  function load() {
    if (!loading) {
      var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
      var base = new URL(root.getAttribute("data-base"), document.baseURI);
      loading = import(new URL("pagefind.js", bundle).href).then(function (module) {
        return module.options({ baseUrl: base.pathname, excerptLength: EXCERPT_WORDS }).then(function () {
          pagefind = module;
          return module.filters();
        }).then(fillFilters);
      }).catch(function () {
        loading = null;
        say("Pencarian belum dapat dimuat. Periksa sambungan lalu coba lagi.");
      });
    }
    return loading;
  }

  function fillFilters(filters) {
    var any = false;
    selects.forEach(function (select) {
      var values = Object.keys((filters && filters[select.getAttribute("data-filter")]) || {}).sort();
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        select.appendChild(option);
      });
      any = any || values.length > 1;
    });
    filterBox.hidden = !any;
  }

  function say(text) {
    status.textContent = text;
  }

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    load();
  }

  function close() {
    if (toggle && toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function chosenFilters() {
    var filters = {};
    selects.forEach(function (select) {
      if (select.value) filters[select.getAttribute("data-filter")] = select.value;
    });
    return filters;
  }

  function run() {
    var query = input.value.trim();
    var filters = chosenFilters();
    var mine = ++serial;
    if (!query && !Object.keys(filters).length) {
      list.textContent = "";
      say("Ketik kata, nama SOP, nama pejabat atau NIP.");
      return;
    }
    say("Mencari…");
    load().then(function () {
      if (!pagefind || mine !== serial) return null;
      return pagefind.search(query || null, { filters: filters });
    }).then(function (outcome) {
      if (!outcome || mine !== serial) return null;
      return Promise.all(outcome.results.slice(0, MAX_RESULTS).map(function (r) { return r.data(); }))
        .then(function (pages) {
          if (mine !== serial) return;
          show(pages, outcome.results.length, query);
        });
    });
  }

  function show(pages, total, query) {
    list.textContent = "";
    pages.forEach(function (page) { list.appendChild(item(page)); });
    if (!total) {
      say(query ? "Tidak ada hasil untuk “" + query + "”. Coba kata dasar (misalnya kumpul) atau kata lain." : "Tidak ada halaman untuk pilihan ini.");
    } else {
      var text = total + " hasil" + (query ? " untuk “" + query + "”" : "");
      if (total > pages.length) text += "; " + pages.length + " teratas ditampilkan";
      say(text + ".");
    }
  }

  function item(page) {
    var meta = page.meta || {};
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = page.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("h2");
    title.className = "portal-search__judul";
    title.textContent = meta.title || page.url;
    var where = document.createElement("p");
    where.className = "portal-search__tempat";
    var place = [];
    if (meta.kecamatan) place.push("Kecamatan " + meta.kecamatan);
    if (meta.kabupaten) place.push("Kabupaten " + meta.kabupaten);
    where.textContent = (KINDS[meta.jenis] || "Halaman") + (place.length ? " · " + place.join(", ") : "");
    var text = document.createElement("p");
    text.className = "portal-search__kutipan";
    excerpt(page.content || "", page.locations || [], text);
    article.appendChild(title);
    article.appendChild(where);
    article.appendChild(text);
    link.appendChild(article);
    li.appendChild(link);
    return li;
  }

  // The excerpt: the stretch of real words with the most matches; words
  // added for the index only are left out, and a match on one of them
  // highlights the page word it was added to.
  function excerpt(content, locations, into) {
    var words = content.split(/[\r\n\s]+/g); // as Pagefind counts locations
    var visible = [];
    var hit = {};
    var inside = false;
    var owner = -1;
    var ownerOf = [];
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      ownerOf[i] = owner;
      if (!inside && word.charAt(0) === INDEX_ONLY) {
        inside = true;
        word = word.slice(1);
      }
      if (inside) {
        var close = word.indexOf(INDEX_ONLY);
        if (close >= 0) {
          inside = false;
          // Punctuation the page had after the word ("kumpul\u2063.").
          var rest = word.slice(close + 1);
          if (rest && owner >= 0) visible[owner] += rest;
        }
      } else if (word) {
        owner = visible.length;
        ownerOf[i] = owner;
        visible.push(word);
      }
    }
    locations.forEach(function (location) {
      var at = ownerOf[location];
      if (at !== undefined && at >= 0) hit[at] = true;
    });
    var start = 0;
    var best = -1;
    for (var s = 0; s < Math.max(1, visible.length - EXCERPT_WORDS + 1); s++) {
      var count = 0;
      for (var k = s; k < s + EXCERPT_WORDS && k < visible.length; k++) if (hit[k]) count++;
      if (count > best) { best = count; start = s; }
    }
    // Begin a little before the first match so it is read in context.
    var first = start;
    while (first < start + EXCERPT_WORDS && !hit[first]) first++;
    if (first < visible.length && hit[first]) start = Math.max(0, first - 4);
    var end = Math.min(visible.length, start + EXCERPT_WORDS);
    if (start > 0) into.appendChild(document.createTextNode("… "));
    for (var w = start; w < end; w++) {
      if (w > start) into.appendChild(document.createTextNode(" "));
      if (hit[w]) {
        var mark = document.createElement("mark");
        mark.textContent = visible[w];
        into.appendChild(mark);
      } else {
        into.appendChild(document.createTextNode(visible[w]));
      }
    }
    if (end < visible.length) into.appendChild(document.createTextNode(" …"));
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("focus", open);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  selects.forEach(function (select) { select.addEventListener("change", run); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
    var first = links()[0];
    if (first) first.focus();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { run(); input.focus(); }, 0);
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        load();
        if (document.activeElement !== input) input.focus();
      }
    });
  }
  root.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.blur();
      var button = document.querySelector("label.md-header__button[for=__search]");
      if (button && button.offsetParent !== null) button.focus();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus(); else all[at - 1].focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
    if (!typing && event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      open();
      input.focus();
    }
  });
})();
