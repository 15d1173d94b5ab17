// Russian is mostly typed without ё (Хрущев for Хрущёв). The search index is folded at build
// time (ё → е, see overrides/scholarly/search_index.py), and so is what readers type here, so that
// both spellings find the same pages. Runs before Material's own handlers (capture phase).
document.addEventListener("input", function (event) {
  var field = event.target;
  if (field && field.matches && field.matches("input.md-search__input") && /[ёЁ]/.test(field.value)) {
    var caret = field.selectionStart;
    field.value = field.value.replace(/ё/g, "е").replace(/Ё/g, "Е");
    field.setSelectionRange(caret, caret);
  }
}, true);
