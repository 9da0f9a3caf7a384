// Typesets the LaTeX of Markdown cells with KaTeX. Markdig wrote $…$ as \(…\) and $$…$$ as \[…\]
// inside elements of class "math"; auto-render finds those delimiters. Runs after katex.min.js and
// auto-render.min.js (all three are deferred, so they run in order once the page is parsed).
(function () {
  'use strict';
  if (typeof window.renderMathInElement !== 'function') {
    return; // KaTeX did not load: the TeX source stays readable as it is.
  }
  var options = {
    delimiters: [
      { left: '\\[', right: '\\]', display: true },
      { left: '\\(', right: '\\)', display: false }
    ],
    throwOnError: false
  };
  document.querySelectorAll('.cell.markdown .math').forEach(function (element) {
    window.renderMathInElement(element, options);
  });
})();
