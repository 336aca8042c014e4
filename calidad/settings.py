"""Configuración de calidad: todo lo que cambia entre máquinas viene de variables de entorno."""

import base64
import hashlib
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from csp.constants import NONE, SELF, UNSAFE_HASHES

BASE_DIR = Path(__file__).resolve().parent.parent


def _booleano(nombre: str, por_defecto: bool) -> bool:
    valor = os.environ.get(nombre)
    if valor is None:
        return por_defecto
    return valor.strip().lower() in {"1", "true", "yes", "si", "sí", "on"}


def _lista(nombre: str, por_defecto: str) -> list[str]:
    return [x.strip() for x in os.environ.get(nombre, por_defecto).split(",") if x.strip()]


DEBUG = _booleano("DEBUG", False)

# Producción (DEBUG apagado) no arranca sin SECRET_KEY (issue 22): la clave pública de desarrollo firmaría
# sesiones y enlaces que cualquiera podría falsificar. Con DEBUG=1 (`make run`, las pruebas) se usa la de
# desarrollo; su prefijo "django-insecure-" hace además que `manage.py check --deploy` la rechace.
CLAVE_DE_DESARROLLO = "django-insecure-solo-desarrollo-calidad-mtpe-no-usar"
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Falta SECRET_KEY: en producción (DEBUG apagado) defina la variable de entorno SECRET_KEY con una clave "
            "larga y aleatoria, p. ej. la que imprime `python -c \"import secrets; print(secrets.token_urlsafe(50))\"`. "
            "Para desarrollo, DEBUG=1."
        )
    SECRET_KEY = CLAVE_DE_DESARROLLO

ALLOWED_HOSTS = _lista("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = _lista("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "import_export",
    "django_htmx",
    "csp",
    "axes",
    "componentes",
    "cronograma",
    "almacen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML comprimido (issue 24: la hoja de una unidad pasa de 76 KB a unos 15 KB por la red). Después de
    # WhiteNoise, que sirve los estáticos ya comprimidos y no llega aquí. BREACH: ver «Rendimiento» del README
    # (tokens CSRF enmascarados en cada respuesta y bytes aleatorios de Django en cada respuesta comprimida).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # ?campo__year=0 y demás partes de fecha en las listas del admin: «?e=1», no un 500 (issue 22).
    "calidad.filtros_del_admin.FiltrosDelAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cronograma.middleware.PerfilMiddleware",
    # Un revisor no escribe en ninguna parte, tampoco en el admin (aunque sea is_staff o superusuario).
    "cronograma.middleware.RevisorSoloLecturaMiddleware",
    "cronograma.middleware.SinPlanMiddleware",
    # Al final, como pide django-axes: convierte un bloqueo en la página de bloqueo.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "calidad.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cronograma.permisos.contexto",
                "cronograma.planes.contexto.planes",
            ],
        },
    },
]

WSGI_APPLICATION = "calidad.wsgi.application"

# Base de datos: DATABASE_URL (postgres://usuario@host:5432/base), o un archivo SQLite en el proyecto.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Las escrituras toman el candado al empezar la transacción: sin esto dos guardados simultáneos
    # podrían leer la misma versión (SQLite ignora select_for_update).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes primero: rechaza los intentos de una cuenta bloqueada antes de comprobar la contraseña.
AUTHENTICATION_BACKENDS = [
    "calidad.autenticacion.AxesSoloPeticionesWeb",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inicio"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "es-pe"
LANGUAGES = [("es", "Español")]
# Traducciones propias de lo que los usuarios ven de simple-history e import-export (issue 14); `make` las compila.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Lima"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"  # absoluta: /planes/<id>/ no debe alcanzar a los estáticos
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Archivos subidos (evidencias), issue 22: por defecto en la base de datos (almacen.storage.AlmacenEnBase),
# que ven todos los servidores y que `respaldar` guarda; CALIDAD_ALMACEN=s3 los pone en un almacenamiento de
# objetos compatible con S3 (django-storages, `pip install -e '.[s3]'`); CALIDAD_ALMACEN=disco, en MEDIA_ROOT
# (un solo servidor; lo de antes). Ver «Medios de verificación» en el README.
CALIDAD_ALMACEN = os.environ.get("CALIDAD_ALMACEN", "base").strip().lower()
ALMACENES = {
    "base": {"BACKEND": "almacen.storage.AlmacenEnBase"},
    "disco": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "s3": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,  # MinIO, Ceph, etc.
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", "calidad"),  # prefijo de las claves en el bucket
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            # Las credenciales las lee boto3 de AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY (o del rol de la máquina).
        },
    },
}
if CALIDAD_ALMACEN not in ALMACENES:
    raise ImproperlyConfigured(f"CALIDAD_ALMACEN debe ser uno de {', '.join(ALMACENES)} (es «{CALIDAD_ALMACEN}»).")
if CALIDAD_ALMACEN == "s3" and not ALMACENES["s3"]["OPTIONS"]["bucket_name"]:
    raise ImproperlyConfigured("Con CALIDAD_ALMACEN=s3 defina AWS_STORAGE_BUCKET_NAME.")
STORAGES = {
    "default": ALMACENES[CALIDAD_ALMACEN],
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _booleano("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "calidad@localhost")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # segundos: un servidor colgado no retiene la petición

# Avisos (issue 23): la dirección del sitio para los enlaces de los correos, el día del mes siguiente en que
# la coordinación cierra un mes y con cuántos días de anticipación se avisa a las unidades con pendientes.
CALIDAD_URL_DEL_SITIO = os.environ.get("CALIDAD_URL_DEL_SITIO", "")
CALIDAD_DIA_DE_CIERRE = int(os.environ.get("CALIDAD_DIA_DE_CIERRE", "10"))
CALIDAD_AVISO_CIERRE_DIAS = int(os.environ.get("CALIDAD_AVISO_CIERRE_DIAS", "3"))

# Importación / exportación del admin (django-import-export).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# CSV y TSV escapan todo prefijo de fórmula (= + - @, tabulador, retorno); ver calidad/exportaciones.py.
from calidad.exportaciones import FORMATOS_DE_EXPORTACION  # noqa: E402 (solo tablib y django.conf perezoso)

EXPORT_FORMATS = FORMATOS_DE_EXPORTACION
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False

# Reglas del seguimiento (ver cronograma/avance.py y cronograma/permisos.py).
CALIDAD_COORDINADOR = os.environ.get("CALIDAD_COORDINADOR", "OGPP")  # sigla de la unidad coordinadora
# Sigla de la unidad cuyos miembros, además de la coordinación, redactan los textos de un reporte.
CALIDAD_EQUIPO_DE_TRABAJO = os.environ.get("CALIDAD_EQUIPO_DE_TRABAJO", "EQUIPO DE TRABAJO")
CALIDAD_SEMAFORO_VERDE = float(os.environ.get("CALIDAD_SEMAFORO_VERDE", "0.90"))
CALIDAD_SEMAFORO_AMBAR = float(os.environ.get("CALIDAD_SEMAFORO_AMBAR", "0.70"))
CALIDAD_MAX_ARCHIVO_MB = int(os.environ.get("CALIDAD_MAX_ARCHIVO_MB", "10"))
# Cabecera de los documentos que firma un funcionario (reporte semestral): vacías por defecto. Sin
# CALIDAD_ENTIDAD se usa la entidad del plan. El reporte aprobado guarda la cabecera que tenía.
CALIDAD_ENTIDAD = os.environ.get("CALIDAD_ENTIDAD", "")
CALIDAD_OFICINA = os.environ.get("CALIDAD_OFICINA", "")
CALIDAD_NOMBRE_DEL_ANIO = os.environ.get("CALIDAD_NOMBRE_DEL_ANIO", "")  # «Año del Bicentenario…»

# --- Seguridad -------------------------------------------------------------------------------------
# En producción (DEBUG apagado) todo es estricto por defecto; con DEBUG=1 (`make run`) se relaja lo que
# exige https, para servir en http://127.0.0.1:8000. Cada valor puede fijarse con su variable de entorno.
# La aplicación va detrás de un proxy con TLS (nginx, Apache) que debe fijar X-Forwarded-Proto.
_ESTRICTO = not DEBUG
SECURE_SSL_REDIRECT = _booleano("SECURE_SSL_REDIRECT", _ESTRICTO)
SESSION_COOKIE_SECURE = _booleano("SESSION_COOKIE_SECURE", _ESTRICTO)
CSRF_COOKIE_SECURE = _booleano("CSRF_COOKIE_SECURE", _ESTRICTO)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if _ESTRICTO else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _booleano("SECURE_HSTS_INCLUDE_SUBDOMAINS", _ESTRICTO)
SECURE_HSTS_PRELOAD = _booleano("SECURE_HSTS_PRELOAD", _ESTRICTO)
if _booleano("DETRAS_DE_PROXY_TLS", _ESTRICTO):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Una jornada de trabajo; y la sesión termina al cerrar el navegador (equipos compartidos).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 60 * 60))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def _hash_csp(texto: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(texto.encode()).digest()).decode() + "'"


# Content-Security-Policy (django-csp 4): solo recursos propios, sin scripts ni estilos en línea.
# Nuestras plantillas no usan ninguno (el JS va en static/js/). Dos plantillas de terceros del admin sí
# traen atributos en línea; en vez de abrir 'unsafe-inline' se permiten esos textos exactos por su hash
# ('unsafe-hashes' solo habilita atributos cuyo hash está en la lista):
#   import_export/export.html: onchange="onSelectToggleChange(event)", style="padding: 0;",
#                              style="font-weight: bold;"
#   simple_history/object_history_list.html: style="border-top: 0"
#   la vista previa de una importación (diff_match_patch.diff_prettyHtml): <ins style="background:#e6ffe6;">
#                              y <del style="background:#ffe6e6;">
# El único <script> en línea propio (base.html): marca <html class="js"> antes de pintar, para que calidad.js
# pueda ir con defer (issue 24). Se permite por su hash ('sha256-…' vale para elementos <script> en línea).
CSP_SCRIPT_JS = 'document.documentElement.classList.add("js")'
CSP_SCRIPTS_PERMITIDOS = ["onSelectToggleChange(event)", CSP_SCRIPT_JS]
# El CSS del sitio va en línea en el <head> de cada página (base.html, {% estilos_del_sitio %}; issue 24): con una
# línea lenta (3G, 2 s de ida y vuelta) la hoja de estilos enlazada costaba un viaje más antes de pintar nada
# (primer pintado 4,6 s → 2,3 s). Son 4,5 KB con gzip en cada página. Se permite por el hash de este mismo texto.
# Sin sus comentarios, que son para quien mantiene el archivo (en calidad.css ninguna cadena contiene «/*»).
CSS_EN_LINEA = re.sub(r"/\*.*?\*/\s*", "", (BASE_DIR / "static" / "css" / "calidad.css").read_text(encoding="utf-8"),
                      flags=re.DOTALL)
CSP_ESTILOS_PERMITIDOS = ["padding: 0;", "font-weight: bold;", "border-top: 0", "background:#e6ffe6;", "background:#ffe6e6;"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_HASHES, *map(_hash_csp, CSP_SCRIPTS_PERMITIDOS)],
        "style-src": [SELF, UNSAFE_HASHES, *map(_hash_csp, CSP_ESTILOS_PERMITIDOS), _hash_csp(CSS_EN_LINEA)],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Intentos de inicio de sesión (django-axes): 5 fallos seguidos de un usuario desde una IP bloquean
# ese par 15 minutos. `python manage.py axes_reset_username USUARIO` lo desbloquea antes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTOS", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# La página de bloqueo (registration/bloqueado.html, en castellano, con estado 429).
AXES_LOCKOUT_CALLABLE = "calidad.autenticacion.pagina_de_bloqueo"
AXES_RESET_ON_SUCCESS = True
# Detrás del proxy, REMOTE_ADDR es el proxy: la IP real es la que el proxy añade al final de
# X-Forwarded-For (ver calidad/autenticacion.py).
AXES_CLIENT_IP_CALLABLE = "calidad.autenticacion.ip_del_cliente"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
