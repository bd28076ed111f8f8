"""The shipped image must serve built assets, not run a development server.

## What it does
Looks at what the shipped stage starts with (`ENTRYPOINT`/`CMD`, the compose `target` or else the final
stage). It reports a development server: `vite`, `react-scripts start`, `ng serve`, `next dev`,
`nuxt dev`, `vue-cli-service serve`, `webpack serve`, `gatsby develop`, `astro dev`, `flask run`,
`manage.py runserver`, and the same started through `npm start`/`npm run <script>`, `yarn <script>` or
`pnpm <script>` when the build context's package.json says so. Without a package.json, `npm run dev` is
judged by its name.

A Dockerfile that builds a base image for the repository's other Dockerfiles (they start FROM the name
its build commands give it, or `FROM ${REPO}/base` beside `base/Dockerfile`) runs no container: it is
left to the images built on it.

## Why it matters in production
Development servers compile on every request, serve unminified code with source maps, keep file watchers
and hot-reload sockets open, and are documented as unsafe to expose: they are slow, leak source, and fall
over under load. Build the assets (`npm run build`) and serve them with nginx or a production server.

## Example
```json path=package.json
{"scripts": {"start": "react-scripts start", "build": "react-scripts build"}}
```
```dockerfile path=Dockerfile
FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci
CMD ["npm", "start"]
```

## Use instead
```json path=package.json
{"scripts": {"start": "react-scripts start", "build": "react-scripts build"}}
```
```dockerfile path=Dockerfile
FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM nginx:1.25-alpine
COPY --from=build /app/build /usr/share/nginx/html
```

## References
- https://vitejs.dev/guide/static-deploy
- https://create-react-app.dev/docs/deployment/
"""
from linter.api import RuleMeta
from linter.api.shell import dev_server, script_call
from linter.api.dockerfile import package_scripts, running, started

META = RuleMeta(
    id="DKF009", name="dockerfile-dev-server", kinds=("dockerfile",), severity="warning",
    checklist=("frontend.production-build",), security=False,
)
MESSAGES = {
    "dev-server": "{instruction} starts a development server ({server}); build the assets in a build stage and "
                  "serve them with nginx or a production server",
    "dev-script": "{instruction} runs the '{script}' script, which starts a development server ({server}); "
                  "serve the built assets instead",
}
_DEV_NAMES = ("dev", "develop", "serve", "watch", "start:dev", "dev:server")


def check(doc, ctx):
    for stage, services in running(doc, ctx.model):
        reported = set()
        for ins, cmd, script in started(doc, stage, ctx.model, services):
            if ins.line in reported:
                continue
            key = f"stage.{stage.label}.{ins.name}"
            server = dev_server(cmd)
            if server is None and script is None and script_call(cmd) in _DEV_NAMES and \
                    not package_scripts(doc, ctx.model, services):
                server, script = f"the '{script_call(cmd)}' script", script_call(cmd)
            if server is None:
                continue
            reported.add(ins.line)
            if script is None:
                yield ctx.finding(ins.span, key, "dev-server", instruction=ins.name, server=server)
            else:
                yield ctx.finding(ins.span, key, "dev-script", instruction=ins.name, script=script, server=server)
