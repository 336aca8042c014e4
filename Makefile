# calidad — dos órdenes hacen toda la preparación en una máquina Debian/Ubuntu nueva:
#   make run    prepara, carga el Anexo N° 2 con datos de demostración y sirve en http://127.0.0.1:8000
#   make test   prepara y ejecuta todas las pruebas (deterministas: los mismos ejemplos en cada corrida)
#   make fuzz   las pruebas de propiedades y de entradas hostiles al azar y con más ejemplos (exploración)
#   make test-postgres   las mismas pruebas (menos las de navegador) sobre PostgreSQL (127.0.0.1:5432; lo instala y arranca si no hay)
#   make bench  mide grilla, Excel, importación y reporte a 70, 700 y 7.000 filas (bench/results.json)
#   make load   prueba de carga y concurrencia: gunicorn + PostgreSQL, 20 usuarios durante 30 s (bench/load.py)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/calidad
# Base que `make load` crea y borra: no debe existir.
CARGA_URL ?= postgres://postgres@127.0.0.1:5432/calidad_carga
# Paquetes de Debian: Chromium para las pruebas de navegador; Pango y fuentes para los PDF (WeasyPrint).
# gettext: msgfmt, para compilar las traducciones propias (locale/).
# libreoffice-writer-nogui: las pruebas abren el Word del reporte con LibreOffice sin interfaz (soffice).
PAQUETES_DEBIAN := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext libreoffice-writer-nogui
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-postgres fuzz postgres load bench sistema venv migrar limpiar traducciones

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.instalado: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.instalado

# Instala solo los paquetes de Debian que falten (apt-get update una vez, si hace falta).
sistema:
	@faltan=""; for p in $(PAQUETES_DEBIAN); do dpkg -s $$p >/dev/null 2>&1 || faltan="$$faltan $$p"; done; \
	if [ -n "$$faltan" ]; then \
		echo "Instalando paquetes de Debian:$$faltan"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$faltan >/dev/null; \
	fi

# Traducciones propias (locale/es): el .mo se compila aquí, no se guarda en git.
TRADUCCIONES := locale/es/LC_MESSAGES/django.mo
$(TRADUCCIONES): locale/es/LC_MESSAGES/django.po | venv sistema
	DEBUG=1 $(BIN)/python manage.py compilemessages --locale es --ignore '.venv' --ignore 'staticfiles' >/dev/null

traducciones: $(TRADUCCIONES)

migrar: venv sistema traducciones
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

run: migrar
	DEBUG=1 $(BIN)/python manage.py load_anexo2 --demo
	@echo ""
	@echo "  calidad en http://$(HOST)/  ·  usuarios de demostración con contraseña «calidad-demo»:"
	@echo "  admin (superusuario) · ogpp (coordinación) · sdlgat · drtpelm · dgt · ogrh · ocii · oom · sg · equipo · revisor (solo lectura)"
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

# Las pruebas corren en PROCESOS procesos (pytest-xdist; cada uno con su base de pruebas y su servidor de
# navegador): en 2 núcleos, la suite baja de unos 14 a unos 9 minutos. PROCESOS=0: en un solo proceso.
PROCESOS ?= 2
test: venv sistema traducciones
	$(BIN)/python -m pytest -n $(PROCESOS)

# Exploración (issue 22): Hypothesis al azar (perfil «fuzz» de tests/conftest.py), FUZZ_EJEMPLOS ejemplos por
# URL, lista del admin y orden. No es parte de `make test`: lo que encuentre se fija como ejemplo y entonces sí.
FUZZ_EJEMPLOS ?= 60
PROPIEDADES := tests/hostiles tests/cronograma/test_porcentajes.py tests/cronograma/test_regla_estado_semaforo.py \
	tests/cronograma/test_renderizado.py tests/cronograma/test_consolidados.py \
	tests/cronograma/reprogramacion/test_propiedades.py tests/cronograma/anexo/test_importar_no_mueve_el_pasado.py
fuzz: venv sistema traducciones
	@CALIDAD_FUZZ=1 CALIDAD_EJEMPLOS_HYPOTHESIS=$(FUZZ_EJEMPLOS) $(BIN)/python -m pytest -m "not browser" -p no:cacheprovider $(PROPIEDADES) $(FUZZ_ARGS) || { \
		echo ""; \
		echo "make fuzz encontró un caso. Para fijarlo (que make test lo pruebe siempre):"; \
		echo "  1. Copie el «Falsifying example» de arriba como @example(...) sobre la prueba (hypothesis.example);"; \
		echo "  2. o, para repetir exactamente esa corrida mientras lo arregla, pegue la línea"; \
		echo "     @reproduce_failure('…', b'…') que imprimió Hypothesis sobre la prueba (y quítela después);"; \
		echo "  3. mejor aún: escriba la entrada como un caso de tests/hostiles/valores.py o una prueba propia."; \
		exit 1; }

# PostgreSQL en 127.0.0.1:5432: usa el que responda, o instala y arranca uno de Debian (scripts/postgres-local.sh).
postgres:
	BASE=$(lastword $(subst /, ,$(PG_URL))) scripts/postgres-local.sh

# Sin los recorridos de navegador: ya corren en `make test` y prueban la página, no la base (así el CI cabe
# en 30 minutos en 2 núcleos). Con ellos también: make test-postgres PYTEST_ARGS="".
PYTEST_ARGS ?= -m "not browser"
test-postgres: venv sistema traducciones postgres
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n $(PROCESOS) $(PYTEST_ARGS)

# Sobre una base desechable (SQLite temporal; nunca db.sqlite3). Opciones: make bench BENCH_ARGS="--repeticiones 3".
bench: venv sistema traducciones
	$(BIN)/python -m bench $(BENCH_ARGS)

# Solo hace falta el servidor: bench.load crea su propia base (BASE=postgres ya existe en todo servidor).
load: venv
	BASE=postgres scripts/postgres-local.sh
	$(BIN)/python -m bench.load --base $(CARGA_URL)

limpiar:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3
