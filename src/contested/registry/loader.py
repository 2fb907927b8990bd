"""Load and validate the actor registry.

The bundled ``data/actors.yaml`` is read first, then any user files, in order; a user
entry whose ``id`` is already known replaces that entry (``remove: true`` drops it).
The schema is documented in ``data/README.md``. Every problem raises
:class:`~contested.errors.DataFileError` naming ``path:line`` and what is wrong.

Loading is cached per process, keyed by the file paths and their modification times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError
from ..records import ACTOR_KINDS, SOURCE_KINDS

BUNDLED = Path(__file__).with_name("data") / "actors.yaml"
SCHEMA_NAME = "contested-actors"
SCHEMA_VERSION = 1

ENTRY_KINDS = ("state", "de_facto_state", "armed_group", "organisation", "media", "generic")
ROLES = ("government", "military", "police", "civilians", "group", "organisation", "media", "generic")
STATE_ROLES = ("government", "military", "police", "civilians")

_ISO2 = re.compile(r"^[A-Z]{2}$")
_ID = re.compile(r"^[A-Za-z0-9_.-]+$")

# Per entry kind: the role that plain `aliases`/`name` belong to, and role defaults.
_DEFAULT_ROLE = {"armed_group": "group", "organisation": "organisation", "media": "media"}
_ROLE_DEFAULTS: dict[str, tuple[str | None, str]] = {
    # role -> (actor_kind, source_kind)
    "government": ("state_forces", "government"),
    "military": ("state_forces", "state_forces"),
    "police": ("state_forces", "state_forces"),
    "civilians": ("civilians", "witnesses"),
    "group": ("rebel_group", "armed_group"),
    "organisation": (None, "international_org"),
    "media": (None, "media"),
    "generic": (None, "other"),
}
_STATE_NAME = {
    "government": "Government of {}",
    "military": "Military Forces of {}",
    "police": "Police Forces of {}",
    "civilians": "Civilians ({})",
}

_ENTRY_FIELDS = {
    "id", "kind", "country", "party", "label", "name", "role", "actor_kind", "source_kind",
    "names", "demonyms", "capitals", "metonyms", "places", "aliases", "strict", "roles", "remove",
    "note",
}
_ROLE_FIELDS = {"name", "actor_kind", "source_kind"}
_PERSON_FIELDS = {"name", "aliases", "entry", "role", "note"}


@dataclass(frozen=True)
class RoleInfo:
    """What an entry is in one role: ACLED-style ``name``, ``actor_kind``, ``source_kind``."""

    name: str
    actor_kind: str | None
    source_kind: str


@dataclass(frozen=True)
class Entry:
    """One registry entry. ``aliases`` maps a role to the phrases that name it directly."""

    id: str
    kind: str
    country: str | None
    roles: Mapping[str, RoleInfo]
    label: str | None = None
    party: str | None = None
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    strict: frozenset[str] = frozenset()
    origin: str = ""

    @property
    def default_role(self) -> str:
        return next(iter(self.roles))


@dataclass(frozen=True)
class Person:
    """A well-known person who speaks for ``entry`` in ``role``."""

    name: str
    aliases: tuple[str, ...]
    entry: str
    role: str
    origin: str = ""


class Registry:
    """The merged registry: ``entries`` by id and ``people``. Build it with :meth:`load`."""

    def __init__(self, entries: Mapping[str, Entry], people: Sequence[Person], files: Sequence[Path] = ()):
        self.entries: dict[str, Entry] = dict(entries)
        self.people: tuple[Person, ...] = tuple(people)
        self.files: tuple[Path, ...] = tuple(files)
        self._index: Any = None  # built lazily by matcher.py

    @classmethod
    def load(cls, extra_files: Sequence[Path | str] = ()) -> Registry:
        """The bundled registry layered with ``extra_files`` (later files win), cached."""
        paths = tuple(Path(p).expanduser() for p in extra_files)
        key = []
        for p in (BUNDLED, *paths):
            try:
                key.append((str(p), p.stat().st_mtime_ns))
            except OSError as exc:
                raise DataFileError(str(p), f"cannot read registry file ({exc.strerror})") from exc
        return _load_cached(tuple(key))

    @classmethod
    def from_files(cls, files: Sequence[Path]) -> Registry:
        """Build a registry from exactly these files (no bundled data), uncached."""
        entries: dict[str, Entry] = {}
        people: dict[str, Person] = {}
        for path in files:
            file_entries, file_people, removed = _read_file(Path(path))
            for rid in removed:
                entries.pop(rid, None)
            entries.update(file_entries)
            for person in file_people:
                people[person.name.lower()] = person
        for person in people.values():
            entry = entries.get(person.entry)
            if entry is None:
                raise DataFileError(person.origin, f"person {person.name!r}: unknown entry {person.entry!r}")
            if person.role not in entry.roles:
                raise DataFileError(person.origin, f"person {person.name!r}: entry {person.entry!r} has no "
                                    f"role {person.role!r} (it has {', '.join(entry.roles)})")
        return cls(entries, list(people.values()), files)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def by_country(self, iso2: str) -> Entry | None:
        """The state entry whose country is ``iso2`` (not a de facto state)."""
        idx = self._country_index()
        return idx.get(iso2.upper())

    def _country_index(self) -> dict[str, Entry]:
        idx = getattr(self, "_by_country", None)
        if idx is None:
            idx = {e.country: e for e in self.entries.values() if e.kind == "state" and e.country}
            self._by_country = idx
        return idx

    def counts(self) -> dict[str, int]:
        """Number of entries by kind, plus ``people``."""
        out = {k: 0 for k in ENTRY_KINDS}
        for e in self.entries.values():
            out[e.kind] += 1
        out["people"] = len(self.people)
        return out


@lru_cache(maxsize=8)
def _load_cached(key: tuple[tuple[str, int], ...]) -> Registry:
    return Registry.from_files([Path(p) for p, _ in key])


# ----------------------------------------------------------------- YAML with line numbers

def _where(path: Path, node: yaml.Node | None) -> str:
    if node is None:
        return str(path)
    return f"{path}:{node.start_mark.line + 1}"


def _compose(path: Path) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read registry file ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), f"not UTF-8 text ({exc.reason})") from exc
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DataFileError(where, f"invalid YAML: {exc.problem or exc.context}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), f"invalid YAML: {exc}") from exc


_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}


def _value(node: yaml.Node) -> Any:
    """A plain Python value for a node (safe tags only)."""
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag
        v = node.value
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return _BOOL.get(v.lower(), v)
        if tag.endswith(":int"):
            try:
                return int(v)
            except ValueError:
                return v
        if tag.endswith(":float"):
            try:
                return float(v)
            except ValueError:
                return v
        return v
    if isinstance(node, yaml.SequenceNode):
        return [_value(n) for n in node.value]
    if isinstance(node, yaml.MappingNode):
        return {_value(k): _value(v) for k, v in node.value}
    return None


def _mapping(node: yaml.Node, path: Path, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """Key -> (key node, value node); rejects non-mappings and repeated keys."""
    if not isinstance(node, yaml.MappingNode):
        raise DataFileError(_where(path, node), f"{what} must be a mapping")
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = _value(knode)
        if not isinstance(key, str):
            raise DataFileError(_where(path, knode), f"{what}: key {key!r} must be a string")
        if key in out:
            raise DataFileError(_where(path, knode), f"{what}: key {key!r} given twice")
        out[key] = (knode, vnode)
    return out


def _str_list(node: yaml.Node, path: Path, what: str) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode):
        raise DataFileError(_where(path, node), f"{what} must be a list of strings")
    out = []
    for item in node.value:
        v = _value(item)
        if isinstance(v, bool) or not isinstance(v, (str, int, float)) or not str(v).strip():
            raise DataFileError(_where(path, item), f"{what}: {v!r} is not a non-empty string "
                                "(quote values such as yes/no/on/off)")
        out.append(str(v).strip())
    return tuple(out)


def _opt_str(node: yaml.Node, path: Path, what: str) -> str | None:
    v = _value(node)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, str) or not v.strip():
        raise DataFileError(_where(path, node), f"{what}: {v!r} is not a non-empty string "
                            "(quote values such as NO, yes, on)")
    return v.strip()


def _country(node: yaml.Node, path: Path, eid: str) -> str | None:
    v = _value(node)
    if v is None:
        return None
    if isinstance(v, bool):
        raise DataFileError(_where(path, node), f"entry {eid!r}: country {node.value!r} was read as a "
                            "boolean; quote it (\"NO\")")
    if not isinstance(v, str) or not _ISO2.match(v):
        raise DataFileError(_where(path, node), f"entry {eid!r}: bad country code {v!r} "
                            "(ISO 3166-1 alpha-2, two capital letters, or null)")
    return v


def _kind_value(node: yaml.Node, path: Path, what: str, allowed: Sequence[str], nullable: bool) -> str | None:
    v = _value(node)
    if v is None and nullable:
        return None
    if v not in allowed:
        raise DataFileError(_where(path, node), f"{what}: unknown value {v!r} "
                            f"(one of {', '.join(allowed)}{', or null' if nullable else ''})")
    return str(v)


def _read_file(path: Path) -> tuple[dict[str, Entry], list[Person], list[str]]:
    root = _compose(path)
    if root is None:
        raise DataFileError(str(path), "empty registry file (expected a mapping with `entries`)")
    top = _mapping(root, path, "registry file")
    for key, (knode, _) in top.items():
        if key not in ("schema", "version", "entries", "people"):
            raise DataFileError(_where(path, knode), f"unknown top-level key {key!r} "
                                "(schema, version, entries, people)")
    if "version" in top:
        version = _value(top["version"][1])
        if not isinstance(version, int) or isinstance(version, bool) or version > SCHEMA_VERSION:
            raise DataFileError(_where(path, top["version"][1]), f"unsupported registry version {version!r} "
                                f"(this contested reads version {SCHEMA_VERSION})")
    if "schema" in top and _value(top["schema"][1]) != SCHEMA_NAME:
        raise DataFileError(_where(path, top["schema"][1]), f"schema must be {SCHEMA_NAME!r}")
    entries: dict[str, Entry] = {}
    removed: list[str] = []
    lines: dict[str, str] = {}
    if "entries" in top:
        seq = top["entries"][1]
        if not isinstance(seq, yaml.SequenceNode):
            raise DataFileError(_where(path, seq), "`entries` must be a list")
        for enode in seq.value:
            entry, remove = _read_entry(enode, path)
            if entry.id in lines:
                raise DataFileError(_where(path, enode), f"duplicate id {entry.id!r} "
                                    f"(first at line {lines[entry.id].rsplit(':', 1)[-1]})")
            lines[entry.id] = entry.origin
            if remove:
                removed.append(entry.id)
            else:
                entries[entry.id] = entry
    people: list[Person] = []
    if "people" in top:
        seq = top["people"][1]
        if not isinstance(seq, yaml.SequenceNode):
            raise DataFileError(_where(path, seq), "`people` must be a list")
        for pnode in seq.value:
            people.append(_read_person(pnode, path))
    return entries, people, removed


def _read_person(node: yaml.Node, path: Path) -> Person:
    m = _mapping(node, path, "person")
    for key, (knode, _) in m.items():
        if key not in _PERSON_FIELDS:
            raise DataFileError(_where(path, knode), f"person: unknown field {key!r} "
                                f"({', '.join(sorted(_PERSON_FIELDS))})")
    for req in ("name", "entry", "role"):
        if req not in m:
            raise DataFileError(_where(path, node), f"person: missing {req!r}")
    name = _opt_str(m["name"][1], path, "person name")
    entry = _opt_str(m["entry"][1], path, "person entry")
    role = _kind_value(m["role"][1], path, "person role", ROLES, False)
    if name is None or entry is None or role is None:
        raise DataFileError(_where(path, node), "person: name, entry and role must be given")
    aliases = _str_list(m["aliases"][1], path, "person aliases") if "aliases" in m else ()
    return Person(name=name, aliases=aliases, entry=entry, role=role, origin=_where(path, node))


def _read_entry(node: yaml.Node, path: Path) -> tuple[Entry, bool]:
    m = _mapping(node, path, "entry")
    if "id" not in m:
        raise DataFileError(_where(path, node), "entry without `id`")
    eid = _opt_str(m["id"][1], path, "id")
    if eid is None or not _ID.match(eid):
        raise DataFileError(_where(path, m["id"][1]), f"bad id {eid!r} (letters, digits, _ . - only)")
    for key, (knode, _) in m.items():
        if key not in _ENTRY_FIELDS:
            raise DataFileError(_where(path, knode), f"entry {eid!r}: unknown field {key!r}")
    origin = _where(path, node)
    if "remove" in m and _value(m["remove"][1]) is True:
        return Entry(id=eid, kind="generic", country=None, roles={}, origin=origin), True
    if "kind" not in m:
        raise DataFileError(origin, f"entry {eid!r}: missing `kind` ({', '.join(ENTRY_KINDS)})")
    kind = _kind_value(m["kind"][1], path, f"entry {eid!r}: kind", ENTRY_KINDS, False)
    assert kind is not None
    country = _country(m["country"][1], path, eid) if "country" in m else None
    if kind in ("state", "de_facto_state") and country is None:
        raise DataFileError(origin, f"entry {eid!r}: a {kind} needs a `country`")

    def lst(key: str) -> tuple[str, ...]:
        return _str_list(m[key][1], path, f"entry {eid!r}: {key}") if key in m else ()

    label = _opt_str(m["label"][1], path, f"entry {eid!r}: label") if "label" in m else None
    party = _opt_str(m["party"][1], path, f"entry {eid!r}: party") if "party" in m else None

    # roles: defaults by kind, then the shorthand fields, then the `roles` mapping
    roles: dict[str, dict[str, Any]] = {}
    if kind in ("state", "de_facto_state"):
        if label is None:
            raise DataFileError(origin, f"entry {eid!r}: a {kind} needs a `label` (the name used in "
                                "'Government of LABEL')")
        for role in STATE_ROLES:
            ak, sk = _ROLE_DEFAULTS[role]
            roles[role] = {"name": _STATE_NAME[role].format(label), "actor_kind": ak, "source_kind": sk}
        default_role = "government"
    elif kind == "generic":
        if "role" not in m:
            raise DataFileError(origin, f"entry {eid!r}: a generic entry needs a `role`")
        default_role = str(_kind_value(m["role"][1], path, f"entry {eid!r}: role", ROLES, False))
    else:
        default_role = _DEFAULT_ROLE[kind]
    short = {k: m[k] for k in ("name", "actor_kind", "source_kind") if k in m}
    if short or kind == "generic":
        ak, sk = _ROLE_DEFAULTS[default_role]
        roles.setdefault(default_role, {"name": None, "actor_kind": ak, "source_kind": sk})
        if kind == "media":
            roles[default_role]["source_kind"] = "media"
        for k, (_, vnode) in short.items():
            roles[default_role][k] = _role_field(k, vnode, path, eid)
    if "roles" in m:
        rmap = _mapping(m["roles"][1], path, f"entry {eid!r}: roles")
        for role, (knode, vnode) in rmap.items():
            if role not in ROLES:
                raise DataFileError(_where(path, knode), f"entry {eid!r}: unknown role {role!r} "
                                    f"({', '.join(ROLES)})")
            fields = _mapping(vnode, path, f"entry {eid!r}: role {role}")
            ak, sk = _ROLE_DEFAULTS[role]
            cur = roles.setdefault(role, {"name": None, "actor_kind": ak, "source_kind": sk})
            for fk, (fknode, fvnode) in fields.items():
                if fk not in _ROLE_FIELDS:
                    raise DataFileError(_where(path, fknode), f"entry {eid!r}: role {role}: unknown field "
                                        f"{fk!r} (name, actor_kind, source_kind)")
                cur[fk] = _role_field(fk, fvnode, path, eid)
    if not roles:
        raise DataFileError(origin, f"entry {eid!r}: missing `name` (the canonical actor name)")
    role_infos: dict[str, RoleInfo] = {}
    for role, info in roles.items():
        if not info.get("name"):
            raise DataFileError(origin, f"entry {eid!r}: role {role!r} has no `name`")
        role_infos[role] = RoleInfo(info["name"], info["actor_kind"], info["source_kind"])
    if default_role in role_infos:  # the default role first
        role_infos = {default_role: role_infos[default_role],
                      **{r: i for r, i in role_infos.items() if r != default_role}}

    aliases: dict[str, tuple[str, ...]] = {}
    if "aliases" in m:
        anode = m["aliases"][1]
        first = next(iter(role_infos))
        if isinstance(anode, yaml.SequenceNode):
            aliases[first] = _str_list(anode, path, f"entry {eid!r}: aliases")
        else:
            amap = _mapping(anode, path, f"entry {eid!r}: aliases")
            for role, (knode, vnode) in amap.items():
                if role not in role_infos:
                    raise DataFileError(_where(path, knode), f"entry {eid!r}: aliases for role {role!r}, "
                                        f"which this entry does not have ({', '.join(role_infos)})")
                aliases[role] = _str_list(vnode, path, f"entry {eid!r}: aliases.{role}")
    names = lst("names")
    if kind not in ("state", "de_facto_state"):
        for key in ("demonyms", "capitals", "metonyms"):
            if key in m and kind != "armed_group":
                raise DataFileError(_where(path, m[key][0]), f"entry {eid!r}: `{key}` is only for states, "
                                    "de facto states and armed groups")
    if not names and not aliases and kind != "state":
        raise DataFileError(origin, f"entry {eid!r}: no `names` or `aliases`; nothing could match it")
    entry = Entry(
        id=eid, kind=kind, country=country, roles=role_infos, label=label, party=party,
        names=names, demonyms=lst("demonyms"), capitals=lst("capitals"), metonyms=lst("metonyms"),
        places=lst("places"), aliases=aliases, strict=frozenset(lst("strict")), origin=origin,
    )
    return entry, False


def _role_field(key: str, node: yaml.Node, path: Path, eid: str) -> str | None:
    if key == "name":
        return _opt_str(node, path, f"entry {eid!r}: name")
    if key == "actor_kind":
        return _kind_value(node, path, f"entry {eid!r}: actor_kind", ACTOR_KINDS, True)
    return _kind_value(node, path, f"entry {eid!r}: source_kind", SOURCE_KINDS, False)
