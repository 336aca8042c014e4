"""Valores hostiles para las pruebas de entradas: lo que un atacante (o un teclado raro) manda en un
parámetro o en un campo. Cada estrategia de Hypothesis mezcla casos límite conocidos con texto al azar."""

from hypothesis import strategies as st

# Casos que ya rompieron algo o que rompen parsers típicos: meses que el calendario no admite, cifras
# que str.isdigit() acepta e int() no (o al revés), exponentes, guiones bajos, formatos de cadena,
# NUL (PostgreSQL lo rechaza en un literal), textos largos, fórmulas, rutas.
CASOS_LIMITE = [
    "", " ", "0", "-1", "1", "99999999999999999999", "1e3", "1E2", "1_0", "NaN", "Infinity", "-0", "+5", "0x10",
    "0000-01", "9999-12", "2021-13", "2021-00", "2021-1", "2021-03-01", "10000-01", "-2021-03", "2021-03\n",
    "2021−03", "２０２１-０３", "٢٠٢١-٠٣", "²⁰²¹-⁰³", "2021-3 ", " 2021-03", "2021-03-", "1899-12", "2201-01",
    "１０", "٥٠", "²", "50,55", "100,0", "100.01", "45,5", "45.5", "101", "-0,0", ",5", "5,", "5..5",
    "%s", "%(mes)s", "%d", "{0}", "{}", "{mes}", "%", "%%", "\x00", "a\x00b", "\ud7ff", "\U0001f600",
    "' OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "\r\n", "=1+1", "+cmd|' /C calc'!A0", "@SUM(1)",
    "a" * 5000, "9" * 400, "2021-03" * 50,
]

texto_hostil = st.one_of(
    st.sampled_from(CASOS_LIMITE),
    st.text(max_size=30),
    st.from_regex(r"-?[0-9]{1,6}-[0-9]{1,3}", fullmatch=True),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩０１２３４５６７８９²³¹⁰,.-e_ ", max_size=10),
)
