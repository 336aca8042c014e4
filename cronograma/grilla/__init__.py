"""La grilla del cronograma y la página de una fila: armar la grilla (`gantt`), leer los filtros de la
petición (`filtros`, también para «Mis actividades») y la historia reciente de una fila (`historial`)."""
