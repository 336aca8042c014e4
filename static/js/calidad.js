/* calidad: comportamiento propio, sin dependencias. Todo funciona también sin este archivo:
   aquí solo se agregan el menú plegable en teléfonos, el guardado en el lugar de la hoja del mes
   y el foco del editor de la grilla. */
/* Se carga con defer: <html class="js"> lo marca antes de pintar un <script> en línea de base.html. */
document.documentElement.classList.add("js");

function alEmpezar() {
  menu();
  hojaDelMes();
  editorDeGrilla();
  marcosDesplazables();
  var resumen = document.getElementById("resumen-errores");
  if (resumen) resumen.focus();
}
if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", alEmpezar); } else { alEmpezar(); }

/* Menú: en pantallas angostas la navegación se pliega tras un botón con aria-expanded. */
function menu() {
  var boton = document.querySelector(".boton-menu");
  var nav = document.getElementById("menu-principal");
  if (!boton || !nav) return;
  boton.addEventListener("click", function () {
    var abierto = boton.getAttribute("aria-expanded") === "true";
    boton.setAttribute("aria-expanded", String(!abierto));
    nav.classList.toggle("abierto", !abierto);
  });
}

/* Hoja del mes: cada fila es su propio formulario (Enter en su % guarda esa fila y nada más). Sus botones
   («Guardar», «Sin cambios», «Guardar con el comentario de…») envían solo esa fila y reemplazan en su lugar
   esa fila, el resumen de su actividad y el del mes; después el foco pasa al % de la fila siguiente (como en
   una planilla). «Guardar todo» envía las filas que cambiaron. Lo escrito en otras filas no se toca. El
   resultado se anuncia en la región viva de la fila. */
function hojaDelMes() {
  var hoja = document.getElementById("hoja-del-mes");
  if (!hoja) return;
  hoja.querySelectorAll(".fila-del-mes").forEach(prepararFila);
  hoja.addEventListener("input", function (evento) {
    var fila = evento.target.closest(".fila-del-mes");
    if (fila) { fila.dataset.editada = "1"; mostrarComentario(fila); }
  });
  document.addEventListener("submit", function (evento) {
    var formulario = evento.target;
    var todo = formulario.id === "guardar-todo";
    if (!window.fetch || !(todo || (formulario.classList.contains("campos-fila") && hoja.contains(formulario)))) return;
    var boton = evento.submitter || formulario.querySelector("button[type=submit]");
    if (!boton) return;
    evento.preventDefault();
    var filas = todo
      ? Array.prototype.filter.call(hoja.querySelectorAll(".fila-del-mes"), function (f) { return f.dataset.editada; })
      : [formulario.closest(".fila-del-mes")];
    enviar(formulario, boton, filas, todo);
  });
}

function prepararFila(fila) { mostrarComentario(fila); }

function numero(texto) {
  var valor = parseFloat(String(texto || "").replace(",", "."));
  return isNaN(valor) ? null : valor;
}

/* El comentario se pide cuando la regla lo exige (baja respecto del mes anterior, o queda por debajo de
   lo programado), o cuando ya tiene texto o un error. Sin JavaScript siempre está a la vista. */
function mostrarComentario(fila) {
  var campo = fila.querySelector("[data-comentario]");
  if (!campo) return;
  var texto = campo.querySelector("textarea");
  var valor = numero((fila.querySelector(".campo-porcentaje input") || {}).value);
  var pedido = valor !== null && (valor < numero(fila.dataset.anterior) || valor < numero(fila.dataset.programado));
  var visible = pedido || (texto && texto.value.trim()) || campo.classList.contains("con-error");
  campo.classList.toggle("oculto", !visible);
  if (texto) texto.required = !!pedido;
}

function enviar(formulario, boton, filas, todo) {
  var datos = new FormData();
  var comunes = ["csrfmiddlewaretoken", "mes", "unidad"];  // los de la hoja (en cada formulario de fila, iguales)
  comunes.forEach(function (nombre) {
    var campo = formulario.querySelector('input[name="' + nombre + '"]');
    if (campo) datos.append(nombre, campo.value);
  });
  datos.append(boton.name, boton.value);
  filas.forEach(function (fila) {
    fila.querySelectorAll(".campos-fila input, .campos-fila textarea").forEach(function (campo) {
      if (campo.name && comunes.indexOf(campo.name) < 0) {
        datos.append(campo.name, campo.value);
      }
    });
  });
  var estado = document.getElementById("estado-guardar-todo");
  if (todo && estado) estado.textContent = filas.length ? "Guardando " + filas.length + " fila(s)…" : "No hay filas con cambios.";
  if (todo && !filas.length) return;
  var enfocado = document.activeElement && document.activeElement.id;
  boton.disabled = true;
  fetch(formulario.action, { method: "POST", body: datos, headers: { "X-Hoja-Del-Mes": "1" }, credentials: "same-origin" })
    .then(function (respuesta) {
      if (!respuesta.ok && respuesta.status !== 400) throw new Error(respuesta.status);
      return respuesta.json();
    })
    .then(function (json) { aplicar(json, enfocado, todo ? estado : null, todo ? null : filas[0].id); })
    .catch(function () {
      /* Sin respuesta útil: se envía el formulario de la forma normal (el servidor decide). */
      boton.disabled = false;
      var oculto = document.createElement("input");
      oculto.type = "hidden"; oculto.name = boton.name; oculto.value = boton.value;
      formulario.appendChild(oculto);
      formulario.submit();
    })
    .finally(function () { boton.disabled = false; });
}

/* La casilla de % de la fila por registrar que sigue a la guardada (en el orden de la página), si hay. */
function filaSiguiente(ancla) {
  var guardada = document.getElementById(ancla);
  var seccion = guardada && guardada.closest("[id$='por-registrar']");
  if (!seccion) return null;  // solo entre las por registrar: las demás se corrigen de a una
  var filas = Array.prototype.slice.call(seccion.querySelectorAll(".fila-del-mes"));
  var indice = filas.findIndex(function (f) { return f.id === ancla; });
  for (var i = indice + 1; i < filas.length; i++) {
    var campo = filas[i].querySelector(".campo-porcentaje input");
    if (campo && campo.offsetParent !== null) return campo;
  }
  return null;
}

function aplicar(json, enfocado, estado, ancla) {
  var primerError = null, guardadas = 0, fallidas = 0;
  Object.keys(json.filas).forEach(function (clave) {
    var vieja = document.getElementById(clave);
    if (!vieja) return;
    var plantilla = document.createElement("template");
    plantilla.innerHTML = json.filas[clave].html.trim();
    var nueva = plantilla.content.firstElementChild;
    var region = nueva.querySelector(".resultado");
    if (region) region.textContent = "";  // se llena después: así el lector de pantalla lo anuncia
    vieja.replaceWith(nueva);
    prepararFila(nueva);
    if (json.filas[clave].ok) { guardadas++; } else { fallidas++; nueva.dataset.editada = "1"; primerError = primerError || nueva; }
    setTimeout(function () { if (region) region.textContent = json.filas[clave].mensaje; }, 60);
  });
  Object.keys(json.actividades).forEach(function (clave) {
    document.querySelectorAll('[data-resumen-actividad="' + clave + '"]').forEach(function (nodo) {
      nodo.outerHTML = json.actividades[clave];
    });
  });
  /* Un resumen por plan (varios planes en la página: uno por hoja, con su id). */
  Object.keys(json.resumenes || {}).forEach(function (id) {
    var resumen = document.getElementById(id);
    if (resumen) resumen.outerHTML = json.resumenes[id];
  });
  if (estado) estado.textContent = "Guardadas: " + guardadas + ". Con errores: " + fallidas + ".";
  var guardada = ancla && json.filas[ancla] && json.filas[ancla].ok;
  var siguiente = guardada && !primerError ? filaSiguiente(ancla) : null;
  if (primerError) {
    var campo = primerError.querySelector(".campo.con-error input, .campo.con-error textarea") || primerError.querySelector("input:not([type=hidden])");
    if (campo) campo.focus();
  } else if (siguiente) {
    siguiente.focus();
  } else if (enfocado && document.getElementById(enfocado)) {
    document.getElementById(enfocado).focus();
  }
}

/* Grilla: el «Registrar» de una fila abre su editor (htmx, en un renglón debajo) y lleva el foco al primer
   campo; otro clic lo cierra; Escape lo cierra y devuelve el foco al enlace que lo abrió. */
function editorDeGrilla() {
  document.body.addEventListener("htmx:beforeRequest", function (evento) {
    var enlace = evento.detail.elt;
    if (!enlace.classList || !enlace.classList.contains("editar")) return;
    var fila = enlace.closest("tr");
    var abierto = fila && fila.nextElementSibling && fila.nextElementSibling.classList.contains("editor-fila");
    if (abierto) { evento.preventDefault(); cerrarEditor(fila.nextElementSibling); }
  });
  document.body.addEventListener("htmx:afterSwap", function (evento) {
    var fila = evento.detail.target;
    var editor = fila && fila.nextElementSibling;
    if (!editor || !editor.classList || !editor.classList.contains("editor-fila")) return;
    var origen = document.getElementById(editor.dataset.origen);
    if (origen) origen.setAttribute("aria-expanded", "true");
    var campo = editor.querySelector("input:not([type=hidden]), select, textarea");
    if (campo) campo.focus();
  });
  /* Al guardar, htmx recarga el contenido (cambian los consolidados): el foco vuelve al «Registrar» de la
     fila guardada y la confirmación se repite junto a ella, dentro de la ventana. */
  var guardada = null;
  document.body.addEventListener("htmx:beforeRequest", function (evento) {
    var editor = evento.detail.elt.closest && evento.detail.elt.closest(".editor-fila");
    if (editor) guardada = editor.dataset.origen;
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!guardada || document.querySelector(".editor-fila")) return;
    var enlace = document.getElementById(guardada);
    var mensaje = document.querySelector(".mensajes .mensaje");
    guardada = null;
    if (!enlace) return;
    var fila = enlace.closest("tr");
    if (mensaje && fila) {
      var aviso = document.createElement("tr");
      aviso.className = "resultado-fila";
      var celda = document.createElement("td");
      celda.colSpan = fila.children.length;
      var texto = document.createElement("p");
      texto.className = "resultado";
      texto.setAttribute("role", "status");
      celda.appendChild(texto);
      aviso.appendChild(celda);
      fila.after(aviso);
      setTimeout(function () { texto.textContent = mensaje.textContent; }, 60);
    }
    enlace.focus();
    enlace.scrollIntoView({ block: "center" });
  });
  document.addEventListener("keydown", function (evento) {
    if (evento.key !== "Escape") return;
    var editor = evento.target.closest && evento.target.closest(".editor-fila");
    if (editor) cerrarEditor(editor);
  });
}

function cerrarEditor(editor) {
  var origen = document.getElementById(editor.dataset.origen);
  editor.remove();
  if (origen) { origen.setAttribute("aria-expanded", "false"); origen.focus(); }
}

/* Una tabla que se desplaza dentro de su marco (teléfonos) debe poder desplazarse con el teclado. */
function marcosDesplazables() {
  function revisar() {
    document.querySelectorAll("main table:not(.grilla)").forEach(function (tabla) {
      if (tabla.scrollWidth > tabla.clientWidth + 1) {
        tabla.tabIndex = 0;
      } else if (tabla.tabIndex === 0) {
        tabla.removeAttribute("tabindex");
      }
    });
  }
  revisar();
  window.addEventListener("resize", revisar);
}
