"""Complemento de pytest (`-p tests.entorno` en pyproject.toml) que corre antes de que pytest-django cargue
los ajustes: las pruebas usan una clave propia, porque sin SECRET_KEY y con DEBUG apagado la aplicación
no arranca (issue 22). Los procesos que lanzan las pruebas (gunicorn, manage.py) la heredan; las pruebas
de la clave (tests/test_seguridad.py) la quitan a propósito.
"""

import os
import secrets

os.environ.setdefault("SECRET_KEY", "pruebas-" + secrets.token_urlsafe(40))
