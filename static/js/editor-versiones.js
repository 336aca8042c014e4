// Editor del borrador de una versión: las flechas mueven el foco entre las casillas de la grilla de
// meses (la barra espaciadora marca o desmarca, como en cualquier casilla).
(function () {
  "use strict";
  var tabla = document.querySelector(".editor-meses");
  if (!tabla) { return; }
  tabla.addEventListener("keydown", function (evento) {
    var casilla = evento.target;
    if (casilla.type !== "checkbox") { return; }
    var celda = casilla.closest("td");
    var fila = celda.parentElement;
    var columna = Array.prototype.indexOf.call(fila.children, celda);
    var destino = null;
    if (evento.key === "ArrowRight") { destino = celda.nextElementSibling; }
    if (evento.key === "ArrowLeft") { destino = celda.previousElementSibling; }
    if (evento.key === "ArrowDown" || evento.key === "ArrowUp") {
      var otra = evento.key === "ArrowDown" ? fila.nextElementSibling : fila.previousElementSibling;
      while (otra && !otra.children[columna]) { otra = evento.key === "ArrowDown" ? otra.nextElementSibling : otra.previousElementSibling; }
      destino = otra ? otra.children[columna] : null;
    }
    var siguiente = destino && destino.querySelector("input[type=checkbox]");
    if (siguiente) { siguiente.focus(); evento.preventDefault(); }
  });
})();
