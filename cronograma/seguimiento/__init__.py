"""El seguimiento que cierra el ciclo (issue 23): compromisos, observaciones y avisos."""
