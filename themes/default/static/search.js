// Search for coguide guides: reads the static index in /search/ and shows results in
// a list, announcing the count to screen readers. Without this script, the search page
// says how to browse instead.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.getAttribute("data-index");
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var cache = {};
  var stop = ("a an and are as at be but by for from had has have he her his i if in is it its me my of on or our " +
    "she so that the their them they this to was we were with you your").split(" ");

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
    }
    return cache[path];
  }

  function words(text) {
    return (text.toLowerCase().replace(/\u2019/g, "'").match(/[\p{L}\p{N}][\p{L}\p{N}'\-]*/gu) || [])
      .map(function (w) { return w.replace(/['\-]+$/, ""); })
      .filter(function (w) { return w.length >= 2 && stop.indexOf(w) < 0; });
  }

  // Scores of every page matching one word: the word itself, and longer words that
  // start with it (worth half).
  function lookup(word) {
    return get("t/" + encodeURIComponent(Array.from(word).slice(0, 2).join("")) + ".json").then(function (shard) {
      var scores = {};
      Object.keys(shard).forEach(function (term) {
        if (term !== word && (term.indexOf(word) !== 0 || word.length < 3)) { return; }
        var weight = term === word ? 1 : 0.5;
        var postings = shard[term], page = 0;
        for (var i = 0; i < postings.length; i += 2) {
          page += postings[i];
          scores[page] = (scores[page] || 0) + postings[i + 1] * weight;
        }
      });
      return scores;
    });
  }

  function show(query) {
    var terms = words(query);
    list.innerHTML = "";
    if (!terms.length) {
      status.textContent = query ? "Type a longer word to search." : "";
      return;
    }
    status.textContent = "Searching…";
    Promise.all([get("meta.json")].concat(terms.map(lookup))).then(function (all) {
      var meta = all[0], found = all.slice(1), total = {};
      Object.keys(found[0]).forEach(function (page) {
        var sum = 0;
        for (var i = 0; i < found.length; i++) {
          if (!(page in found[i])) { return; }
          sum += found[i][page];
        }
        total[page] = sum;
      });
      var pages = Object.keys(total).map(Number).sort(function (a, b) { return total[b] - total[a] || a - b; });
      var top = pages.slice(0, 20);
      var chunks = top.map(function (p) { return Math.floor(p / meta.chunk); });
      return Promise.all(chunks.map(function (c) { return get("p/" + c + ".json"); })).then(function (rows) {
        top.forEach(function (p, i) {
          var row = rows[i][p % meta.chunk];
          if (!row) { return; }
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = row[1];
          a.textContent = row[0];
          var h = document.createElement("h2");
          h.appendChild(a);
          var summary = document.createElement("p");
          summary.textContent = row[2];
          var credit = document.createElement("p");
          credit.className = "meta";
          credit.textContent = "Written by " + row[3];
          li.appendChild(h);
          li.appendChild(summary);
          li.appendChild(credit);
          list.appendChild(li);
        });
        var n = pages.length;
        status.textContent = n === 0 ? "No pages match \u201c" + query + "\u201d. Try another word, or browse the sections."
          : (n === 1 ? "1 page matches" : n + " pages match") + " \u201c" + query + "\u201d" + (n > 20 ? ". Showing the best 20." : ".");
      });
    });
  }

  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  if (q) { show(q); }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    show(input.value);
  });
}());
