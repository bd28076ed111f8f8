"""Python backends must not run with auto-reload (or a development server) in production.

## What it does
Reports the command the shipped image or a production compose service starts (the shipped stage's
`ENTRYPOINT`/`CMD`, compose `command:`/`entrypoint:`, `sh -c` scripts followed, and a compose command's shell
script of the repository, `/app/entrypoint.sh` or `wait-for-it.sh db:5432 -- /app/start.sh`, found through the
service's bind mounts or build context) when it is:

- `uvicorn ... --reload`, `gunicorn ... --reload`, `hypercorn ... --reload` (also `python -m uvicorn`);
- `fastapi dev` (the FastAPI CLI's development mode) and `fastapi run --reload`;
- `flask run --debug` / `flask --debug run`;

and, in production Python code, `uvicorn.run(..., reload=True)` (also `reload=settings.reload` read from a settings
object of another module whose default is true, such as a pydantic `reload: bool = True`, reported where that
default is written) and `reload = True` in a gunicorn
configuration file (`gunicorn.conf.py`, `gunicorn_config.py`: gunicorn reads `./gunicorn.conf.py` by
default, and `-c` names the others). A `uvicorn.run` inside a command-line command for developers (`@cli.command("develop")`,
`@click.command(name="dev")`) is what a developer runs and is left alone, and so is one inside a function or
under `if __name__ == "__main__":` when another production file of the backend starts uvicorn without reload
at module level or under its main guard (two launchers: the reloading one is the developer's), unless the
Dockerfile, compose file or Procfile runs the reloading file itself (`CMD ["python", "main.py"]`). One under
`if __name__ == "__main__":` is also left alone when the deployment starts an application server on the
module's import path (`gunicorn ... main:app` in a production Dockerfile, compose file, Procfile, launch script,
or a script a production Dockerfile copies into the image): the server imports the module, so its main block
never runs there.

In Flask code it reports `app.run()`, Werkzeug's development server ("do not use run() in a production
setting"), unless the repository serves the app with a production WSGI server (gunicorn, uWSGI, Waitress,
mod_wsgi, ...: named in its requirements or production Python, or started by a production Dockerfile,
compose file, Procfile or start script):

- when it runs at import time (module level, outside `if __name__ == "__main__":`);
- when it listens on every interface (`host="0.0.0.0"`, `app.run("::")`, an environment read that defaults
  to one), which only makes sense when other machines are meant to reach it.

A guarded `app.run()` on the default 127.0.0.1 is the local quickstart and passes. An `app` the module runs
without making, importing or star-importing it is taken for Flask's (the quickstart's name) in a module no
other framework's import claims: a loose script or an excerpt with no manifest up to the scanned root is read as
the entry point it is.

`python manage.py runserver` and plain `flask run` are reported by DKF009 and CMP015, which judge every
development server; this rule adds the Python servers' development switches.

## Why it matters in production
Reload mode watches the file system and restarts workers on every change: a second process tree sits
between Docker and the app, so SIGTERM does not reach the workers and shutdowns are abrupt, memory and CPU
go to the watcher, and any file written into the container restarts the service. `fastapi dev` and
`flask --debug` also turn on debug behaviour meant for a developer's machine.

## Example
```dockerfile path=Dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--reload"]
```

## Use instead
```dockerfile path=Dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--workers", "4"]
```

## References
- https://flask.palletsprojects.com/en/stable/deploying/
- https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run
- https://www.uvicorn.org/settings/#development
- https://docs.gunicorn.org/en/stable/settings.html#reload
- https://fastapi.tiangolo.com/deployment/manually/
"""
from linter.api import RuleMeta
from linter.api.shell import program

META = RuleMeta(
    id="PY012", name="python-dev-server", kinds=("python", "dockerfile", "compose"), severity="warning",
    checklist=("frontend.production-build", "docker.signals", "secrets.debug-endpoints"), security=False,
    peers=("semgrep:avoid_app_run_with_bad_host", "semgrep:avoid_using_app_run_directly"),
)
MESSAGES = {
    "reload": "{where} starts {server} with --reload; drop it (and run several workers instead)",
    "dev": "{where} starts {server}, a development mode; run uvicorn or gunicorn with workers instead",
    "run-reload": "uvicorn.run(reload=True) watches files and restarts the server; drop reload=True in "
                  "production code",
    "run-reload-setting": "uvicorn.run(reload=...) in {caller} reads this setting, whose default is True: the server "
                          "watches files and restarts; default it to False",
    "app-run-import": "{call} starts Flask's development server whenever the module is imported; serve the app "
                      "with gunicorn or waitress and keep run() under `if __name__ == \"__main__\":` for local use",
    "app-run-exposed": "{call} serves the app on every interface with Flask's development server, which is not "
                       "for production; serve it with gunicorn or waitress",
    "config-reload": "reload = True in the gunicorn configuration watches files and restarts the workers; "
                     "drop it in production",
}
_SERVERS = ("uvicorn", "gunicorn", "hypercorn", "daphne", "granian")


def dev_mode(cmd) -> tuple[str, str] | None:
    """(message id, server) when a command runs a Python server in a development mode."""
    prog, args = program(cmd)
    if prog.startswith("python") and args[:1] == ["-m"] and len(args) > 1:
        prog, args = args[1], args[2:]
    if prog in _SERVERS and any(a == "--reload" or a.startswith("--reload=") for a in args):
        return "reload", prog
    if prog == "fastapi" and args[:1] == ["dev"]:
        return "dev", "fastapi dev"
    if prog == "fastapi" and args[:1] == ["run"] and "--reload" in args:
        return "reload", "fastapi run"
    if prog == "flask" and "run" in args and ("--debug" in args or "--reload" in args):
        return "dev", "flask --debug run"
    return None


def check(doc, ctx):
    if doc.kind == "python":
        from linter.api.python import (dev_command_calls, main_guarded, plain_launcher_elsewhere, project_value,
                                       resolve, served_as_module, truthy)  # only Python sources need the model
        for site in doc.calls_to("uvicorn.run"):
            if id(site.node) in dev_command_calls(doc):
                continue  # `cli server develop`: the command a developer runs, beside the one that deploys
            if site.name not in ("uvicorn.run", "run") or "reload" not in site.kwargs or \
                    not (site.name == "uvicorn.run" or doc.names.get("run") == "uvicorn.run"):
                continue
            # `reload=settings.reload` follows the settings object to the default written there (a pydantic
            # `reload: bool = True`), reported where that default is
            value = project_value(doc, ctx.model, site.kwargs["reload"])
            if truthy(value.value) is not True:
                continue
            if (site.in_function or id(site.node) in main_guarded(doc)) and \
                    plain_launcher_elsewhere(doc, ctx.model):
                continue  # the developer's launcher, beside the one the deployment starts
            if id(site.node) in main_guarded(doc) and served_as_module(doc, ctx.model):
                continue  # the image's `gunicorn main:app` imports the module: its main block never runs there
            if value.path == doc.rel:
                yield ctx.finding(doc.span(site.kwargs["reload"]), "uvicorn.run.reload", "run-reload")
            else:
                yield ctx.finding(value.span, "uvicorn.run.reload", "run-reload-setting", path=value.path,
                                  caller=doc.rel)
        yield from _flask_run(doc, ctx)
        if "gunicorn" in doc.rel.rsplit("/", 1)[-1].lower():  # gunicorn.conf.py, gunicorn_config.py
            for a in doc.assignments:
                if a.target == "reload" and a.module_level and not a.conditional and \
                        truthy(resolve(doc, a.value).value) is True:
                    yield ctx.finding(doc.span(a.value), "gunicorn.reload", "config-reload")
        return
    if doc.kind == "dockerfile":
        from linter.api.dockerfile import launch, shipped
        for stage, services in shipped(doc, ctx.model):
            for ins in launch(stage, services):
                for cmd in ins.commands():
                    found = dev_mode(cmd)
                    if found:
                        yield ctx.finding(ins.span, f"stage.{stage.label}.{ins.name}", found[0],
                                          where=ins.name, server=found[1])
                        break
        return
    for service in ctx.model.compose_services(doc):
        # the service's own command, then the shell scripts it runs (`/app/entrypoint.sh` ending in
        # `exec uvicorn main:app --reload`), reported at the command that starts them
        runs = [(cmd, "") for cmd in service.commands()]
        if runs:
            runs += [(cmd, f" (through {rel})") for rel, cmds in service.scripts() for cmd in cmds]
        for cmd, through in runs:
            found = dev_mode(cmd)
            if found:
                name = "command" if service.has("command") else "entrypoint"
                path, span = service.where(name)
                yield ctx.finding(span, service.key(name), found[0], path=path,
                                  where=f"service '{service.name}'{through}", server=found[1])
                break


_FLASK_APPS = ("Flask", "Quart")
_FACTORIES = ("create_app", "make_app", "get_app", "build_app")
_APP_NAMES = {"app", "application", "flask_app", "webapp", "server"}
_EVERY_INTERFACE = {"0.0.0.0", "::", "[::]"}


def _flask_run(doc, ctx):
    from linter.api.python import main_guarded, resolve, wsgi_server
    sites = [s for s in doc.calls if s.name.count(".") == 1 and s.name.endswith(".run")]
    if not sites:
        return
    guarded = main_guarded(doc)
    served = None
    for site in sites:
        receiver = site.name.split(".")[0]
        if not _flask_app(doc, receiver, ctx):
            continue
        host = site.kwargs.get("host", site.args[0] if site.args else None)
        value = resolve(doc, host).value if host is not None else None
        at_import = not site.in_function and not site.conditional and id(site.node) not in guarded
        exposed = isinstance(value, str) and value.strip() in _EVERY_INTERFACE
        if not (at_import or exposed):
            continue
        if served is None:
            served = wsgi_server(doc, ctx.model)
        if served:
            return
        yield ctx.finding(doc.span(site.node), site.name, "app-run-import" if at_import else "app-run-exposed",
                          call=f"{site.name}()")


def _flask_app(doc, receiver, ctx) -> bool:
    """Whether ``receiver`` is a Flask (or Quart) application: made by ``Flask(...)`` or an app factory, or
    named like one in a backend that uses Flask and no other framework with a run() method."""
    from linter.api.python import backend_mentions, dotted, frameworks
    made = [dotted(a.value.func) or "" for a in doc.assigned(receiver) if type(a.value).__name__ == "Call"]
    if any(m.rsplit(".", 1)[-1] in _FLASK_APPS for m in made):
        return True
    if frameworks(doc) - {"flask", "quart"} or any(m.split(".")[0] in ("sanic", "aiohttp", "tornado", "bottle",
                                                                          "cherrypy", "flask_socketio")
                                                   for m in doc.imports):
        return False
    if made and not any(m.rsplit(".", 1)[-1] in _FACTORIES for m in made):
        return False
    if not (made or receiver in _APP_NAMES):
        return False
    if frameworks(doc) & {"flask", "quart"} or backend_mentions(doc, ctx.model, r"(?i)\b(flask|quart)\b"):
        return True
    # an `app` the module runs and never makes, imports or star-imports (a loose script, an excerpt that leaves
    # `app = Flask(__name__)` out): Flask's quickstart name; the other frameworks with a run() are ruled out
    # above by their imports
    return not made and receiver not in doc.names and not doc.star_imports
