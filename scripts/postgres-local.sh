#!/usr/bin/env bash
# Deja un PostgreSQL escuchando en 127.0.0.1:$PUERTO para las pruebas (make test-postgres, CI).
# - Si ya responde uno, no toca nada: basta que acepte al usuario postgres sin clave desde 127.0.0.1.
# - Si no, instala los paquetes de Debian (postgresql) si faltan y arranca un clúster propio de pruebas
#   en $DATOS, con autenticación "trust" solo en 127.0.0.1, sin tocar los clústeres del sistema.
# Luego crea la base $BASE si no existe (las pruebas crean además test_$BASE).
set -euo pipefail
PUERTO="${PUERTO:-5432}"
BASE="${BASE:-calidad}"
DATOS="${DATOS:-/var/lib/postgresql/calidad-pruebas-$PUERTO}"
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

como_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

responde() { pg_isready -q -h 127.0.0.1 -p "$PUERTO" 2>/dev/null; }

if ! responde; then
	if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
		echo "Instalando PostgreSQL de Debian..."
		$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
	fi
	BINARIOS="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
	# La instalación pudo arrancar el clúster del sistema en este puerto (con systemd): volver a mirar.
	if ! responde; then
		if [ ! -f "$DATOS/PG_VERSION" ]; then
			echo "Creando un clúster de pruebas en $DATOS (puerto $PUERTO)..."
			$SUDO install -d -o postgres -g postgres -m 700 "$DATOS"
			como_postgres "$BINARIOS/initdb" -D "$DATOS" -U postgres --auth-local=trust --auth-host=trust \
				--encoding=UTF8 --locale=C.UTF-8 >/dev/null
		fi
		como_postgres "$BINARIOS/pg_ctl" -D "$DATOS" -l "$DATOS/servidor.log" -w start \
			-o "-c listen_addresses=127.0.0.1 -p $PUERTO -k $DATOS" >/dev/null
	fi
fi

responde || { echo "PostgreSQL no responde en 127.0.0.1:$PUERTO" >&2; exit 1; }
if ! psql -h 127.0.0.1 -p "$PUERTO" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$BASE'" | grep -q 1; then
	createdb -h 127.0.0.1 -p "$PUERTO" -U postgres "$BASE"
fi
echo "PostgreSQL listo: postgres://postgres@127.0.0.1:$PUERTO/$BASE"
