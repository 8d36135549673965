// Progressive enhancement only: every page works without this file.
// Changing the sort order of a listing applies it at once.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.id === "id_sort" && target.form) {
    target.form.submit();
  }
});
