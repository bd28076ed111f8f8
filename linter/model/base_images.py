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
from typing import NamedTuple

from .compose import image_repository


# Immutable records are NamedTuples, not frozen dataclasses: a frozen dataclass generates six methods from
# source when its module is imported (~0.5 ms each on a pre-commit run, which imports this module), and
# sets each field through object.__setattr__ when built; equality, hashing and repr are the same.
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

    def _tags(self, rel: str) -> set[tuple[str, str]]:
        evidence = self.project.roles.evidence
        tags = evidence.image_tags(rel) if evidence is not None and hasattr(evidence, "image_tags") else ()
        return {_name(t) for t in tags if t and "$" not in t}

    def _names(self, ref: BaseRef, rel: str) -> bool:
        """The FROM of ``ref`` names the image the Dockerfile ``rel`` builds."""
        if ref.dockerfile == rel:
            return False
        if (ref.repository, ref.tag) in self._tags(rel):
            return True
        return ref.registry_from_arg and ref.repository.rsplit("/", 1)[-1] == _folder(rel)

    def own(self, dockerfile: str, image: str, written: str) -> bool:
        """The FROM ``written`` (resolved to ``image``) in ``dockerfile`` names an image this repository builds."""
        repository, tag = _name(image)
        prefix = written.rsplit("/", 1)[0] if "/" in written else ""
        ref = BaseRef(dockerfile, repository, tag, "$" in prefix)
        return any(self._names(ref, rel) for rel in self.dockerfiles)

    def is_base(self, rel: str) -> bool:
        """Other Dockerfiles of the repository start FROM this one's image and no production compose service
        runs it."""
        file = self.project.by_rel.get(rel)
        if file is None or self.project.services_building(file.path):
            return False
        return any(self._names(ref, rel) for ref in self.refs)


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
