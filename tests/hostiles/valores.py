"""Valores hostiles para las pruebas de entradas: lo que un atacante (o un teclado raro) manda en un
parámetro, un campo, un filtro del admin o un argumento de una orden. Cada estrategia de Hypothesis mezcla
casos límite conocidos con valores al azar (ver «Entradas hostiles» en el README).

- `entero_hostil`: lo que se manda donde va un entero (id, número de versión, año, componente): cifras que
  `str.isdigit()` acepta e `int()` no (²), cifras de otras escrituras (٣, ３), signos, espacios, «_»,
  exponentes, enteros enormes (hasta 10⁴⁰ y de 400 cifras) y especificadores de formato (%s, {0}).
- `texto_hostil`: lo que se manda donde va un texto o un mes: todo lo anterior, meses imposibles, formatos
  (%s, %(mes)s, {0}), fórmulas de hoja de cálculo (=, +, -, @), controles (NUL, BEL, ESC), controles de
  dirección e invisibles (U+202E, U+2066, U+200B), rutas, HTML, y textos de 5.000 y de 10⁶ caracteres.
"""

from hypothesis import strategies as st

# Lo que rompió algo alguna vez (issues 15 y 22) o rompe parsers típicos.
FORMATOS = ["%s", "%(mes)s", "%d", "%%", "%", "{0}", "{}", "{mes}", "{0!r:>{1}}", "%s%s%s%n"]
CIFRAS_RARAS = ["²", "³", "¹⁰", "٣", "٥٠", "３", "１０", "߃", "৩", "½", "Ⅻ", "𝟗"]
ENTEROS_LIMITE = [
    "", " ", "0", "-0", "00", "-1", "+1", " 1", "1 ", "1_0", "1e3", "1E2", "0x10", "0b1", "NaN", "Infinity", "1.0",
    "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "99999999999999999999", "9" * 400,
]
CONTROLES = ["\x00", "a\x00b", "\x07", "\x1b[31m", "\r\n", "\t", "\x7f", "\u0085", "\u2028"]
BIDI = ["\u202e", "abc\u202etxt.exe", "\u2066x\u2069", "\u200b", "\u200f", "\ufeff"]
FORMULAS = ["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "\r=1"]
CASOS_LIMITE = [
    *ENTEROS_LIMITE, *CIFRAS_RARAS, *FORMATOS, *CONTROLES, *BIDI, *FORMULAS,
    "0000-01", "9999-12", "2021-13", "2021-00", "2021-1", "2021-03-01", "10000-01", "-2021-03", "2021-03\n",
    "2021−03", "２０２１-０３", "٢٠٢١-٠٣", "²⁰²¹-⁰³", "2021-3 ", " 2021-03", "2021-03-", "1899-12", "2201-01",
    "50,55", "100,0", "100.01", "45,5", "45.5", "101", "-0,0", ",5", "5,", "5..5",
    "\ud7ff", "\U0001f600", "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd",
    "a" * 5000, "2021-03" * 50,
]
UN_MILLON = "x" * 10**6

entero_hostil = st.one_of(
    st.sampled_from(ENTEROS_LIMITE + CIFRAS_RARAS + FORMATOS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.tuples(st.sampled_from(["", "+", "-", " ", "0"]), st.integers(min_value=0, max_value=10**6)).map(lambda t: f"{t[0]}{t[1]}"),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹⁰+-_ .e%s{}", min_size=1, max_size=12),
)

texto_hostil = st.one_of(
    st.sampled_from(CASOS_LIMITE),
    entero_hostil,
    st.text(max_size=30),
    st.from_regex(r"-?[0-9]{1,6}-[0-9]{1,3}", fullmatch=True),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹⁰,.-e_ ", max_size=10),
    # Un prefijo peligroso seguido de texto al azar: formato, fórmula, control o dirección.
    st.tuples(st.sampled_from(FORMATOS + FORMULAS + CONTROLES + BIDI), st.text(max_size=20)).map("".join),
)

# Con los textos de 10⁶ caracteres (se sortean pocas veces: cada uno pesa 1 MB en la petición).
texto_hostil_o_enorme = st.one_of(texto_hostil, st.just(UN_MILLON))
