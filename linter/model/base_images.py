"""Images a repository builds for its own Dockerfiles to start FROM.

Repositories that publish several images often build a base image first (jitsi's `base/` and
`base-java/`, uptime-kuma's `docker/debian-base.dockerfile` pushed as `louislam/uptime-kuma:base2`) and
start the others FROM it. Two facts follow:
- no container runs the base image as built: its user, healthcheck, NODE_ENV and command are the
  derived images' to decide, so the rules about the running container leave it alone;
- a `FROM` naming it is the repository's own chain of images, whose tag the same build sets; a
  `latest` there is the image just built, not a third party's moving tag.

A Dockerfile's image is known by the names the repository's build commands give it (`docker build
-f docker/base.dockerfile -t org/app:base`), or, when a registry comes from a build argument
(`FROM ${REPO}/base:${TAG}`), by the folder that holds it (`base/Dockerfile`).
"""
from __future__ import annotations

import posixpath
from functools import cached_property

from ..record import NamedTuple
from .compose import image_repository


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class BaseRef(NamedTuple):
    """One stage of a Dockerfile that starts FROM an external image."""
    dockerfile: str  # rel of the Dockerfile holding the FROM
    repository: str  # e.g. `jitsi/base`, registry and tag removed
    tag: str  # `latest` when none is written
    registry_from_arg: bool  # the part before the image's name comes from a build argument


def _name(image: str) -> tuple[str, str]:
    ref = image.strip().split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    tag = last.split(":", 1)[1] if ":" in last else "latest"
    return image_repository(image), tag.lower()


def _folder(rel: str) -> str:
    return posixpath.basename(posixpath.dirname(rel)).lower()


class BaseImages:
    def __init__(self, project):
        self.project = project
        self.refs: list[BaseRef] = []
        self.dockerfiles = [f.rel for f in project.files_of("dockerfile")]
        for file in project.files_of("dockerfile"):
            try:
                doc = project.document(file)
            except Exception:  # noqa: BLE001 - a Dockerfile that does not parse is its own finding
                continue
            for stage in getattr(doc, "stages", ()):
                if stage.parent is not None or not stage.image or "$" in stage.image or stage.is_scratch:
                    continue
                repository, tag = _name(stage.image)
                written = stage.base.rsplit("/", 1)[0] if "/" in stage.base else ""
                self.refs.append(BaseRef(file.rel, repository, tag, "$" in written))
        self._is_base: dict[str, bool] = {}

    def _tags(self, rel: str) -> set[tuple[str, str]]:
        evidence = self.project.roles.evidence
        tags = evidence.image_tags(rel) if evidence is not None and hasattr(evidence, "image_tags") else ()
        return {_name(t) for t in tags if t and "$" not in t}

    # Rules ask about every Dockerfile (is it a base image?) and every FROM (is it our own image?); answering
    # by comparing each against every Dockerfile of the repository grew with the square of their number, so
    # both sides are indexed once: which Dockerfiles FROM an image or a folder name, which build an image or
    # sit in a folder of that name.
    @cached_property
    def _started_from(self) -> tuple[dict[tuple[str, str], set[str]], dict[str, set[str]]]:
        """Dockerfiles whose FROM names an image (repository, tag), and whose FROM with a registry from a
        build argument ends in a name (the folder of the Dockerfile it means)."""
        by_image: dict[tuple[str, str], set[str]] = {}
        by_last: dict[str, set[str]] = {}
        for ref in self.refs:
            by_image.setdefault((ref.repository, ref.tag), set()).add(ref.dockerfile)
            if ref.registry_from_arg:
                by_last.setdefault(ref.repository.rsplit("/", 1)[-1], set()).add(ref.dockerfile)
        return by_image, by_last

    @cached_property
    def _built_as(self) -> tuple[dict[tuple[str, str], set[str]], dict[str, set[str]]]:
        """Dockerfiles by the images the repository's build commands name them, and by their folder's name."""
        by_image: dict[tuple[str, str], set[str]] = {}
        by_folder: dict[str, set[str]] = {}
        for rel in self.dockerfiles:
            for name in self._tags(rel):
                by_image.setdefault(name, set()).add(rel)
            by_folder.setdefault(_folder(rel), set()).add(rel)
        return by_image, by_folder

    def own(self, dockerfile: str, image: str, written: str) -> bool:
        """The FROM ``written`` (resolved to ``image``) in ``dockerfile`` names an image this repository builds:
        another Dockerfile is built under that name or, for a registry from a build argument, sits in a folder
        named as the image."""
        name = _name(image)
        prefix = written.rsplit("/", 1)[0] if "/" in written else ""
        by_image, by_folder = self._built_as
        if (by_image.get(name, set()) | by_image.get((name[0], "*"), set())) - {dockerfile}:
            return True
        return "$" in prefix and bool(by_folder.get(name[0].rsplit("/", 1)[-1], set()) - {dockerfile})

    def built_as(self, image: str) -> set[str]:
        """The Dockerfiles the repository's build commands name ``image`` (repository and tag), else those
        they name with its repository under any tag."""
        name = _name(image)
        by_image, _ = self._built_as
        exact = by_image.get(name)
        if exact:
            return set(exact)
        # a build whose tags a metadata action computes from the git ref (`doccano/doccano:*`) may be the one
        # that tag names; the Dockerfiles built under other written tags of the repository (`:backend`,
        # `:frontend`) are not
        unknown = by_image.get((name[0], "*"))
        if unknown:
            return set(unknown)
        return {rel for (repository, _tag), rels in by_image.items() if repository == name[0] for rel in rels}

    def is_base(self, rel: str) -> bool:
        """Other production Dockerfiles of the repository start FROM this one's image and no production
        compose service runs it."""
        if rel not in self._is_base:
            self._is_base[rel] = self._compute_is_base(rel)
        return self._is_base[rel]

    def _compute_is_base(self, rel: str) -> bool:
        file = self.project.by_rel.get(rel)
        if file is None or self.project.services_building(file.path):
            return False
        by_image, by_last = self._started_from
        # only images that ship make this one their base: a test or development image built FROM the product
        # (synapse's Complement and workers images FROM matrixdotorg/synapse) leaves the product what it is
        derived = {d for name in self._tags(rel) for d in by_image.get(name, set())} | by_last.get(_folder(rel), set())
        return any(self.project.role(d) == "production" for d in derived - {rel})


def base_images(project) -> BaseImages:
    return project.models.get("base_images", lambda: BaseImages(project))


def running(doc, model) -> list:
    """The shipped stages (``linter.parsers.dockerfile.shipped``) whose images run as containers: none when
    the Dockerfile builds a base image for the repository's other Dockerfiles."""
    from ..parsers.dockerfile import shipped
    rel = getattr(getattr(doc, "file", None), "rel", None)
    if model is not None and rel is not None and hasattr(model, "models") and base_images(model).is_base(rel):
        return []
    return shipped(doc, model)


def own_base(doc, stage, model) -> bool:
    """The stage starts FROM an image the repository builds itself (see the module's docstring)."""
    rel = getattr(getattr(doc, "file", None), "rel", None)
    if model is None or rel is None or not hasattr(model, "models") or not stage.image:
        return False
    return base_images(model).own(rel, stage.image, stage.base)


def own_effective(doc, stage, name: str, model):
    """The instruction of that name (USER, HEALTHCHECK) the image a stage builds carries: its own or its
    earlier stages' (``Stage.effective``), else, when the chain starts FROM an image this repository builds
    (`FROM org/app-base:${VERSION}` with `docker build -t org/app-base:... -f base/Dockerfile` in its Makefile
    or CI), the one that image's Dockerfile ends with. None when neither says, or when several Dockerfiles
    are built under that name (which one is the base is not said)."""
    found = stage.effective(name)
    if found is not None:
        return found
    root = stage.root
    rel = getattr(getattr(doc, "file", None), "rel", None)
    if model is None or rel is None or not hasattr(model, "models") or not root.image or "$" in root.image:
        return None
    # under the tag the stage names, else under any tag the build commands give that repository (a FROM
    # pinned to a released `org/app-base:1.4` while the Makefile tags `:$(VERSION)`)
    rels = base_images(model).built_as(root.image) - {rel}
    if len(rels) != 1:
        return None
    base = model.load(model.root / next(iter(rels)), "dockerfile")
    if base is None or base is doc or not getattr(base, "stages", None) or base.final_stage is None:
        return None
    return base.final_stage.effective(name)  # one level: a base FROM another own base is not followed
