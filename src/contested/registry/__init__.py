"""The actor registry: who can act or speak in a conflict report, and how texts name them.

    >>> from contested.registry import Registry, find_actor_mentions
    >>> reg = Registry.load()
    >>> [m.name for m in find_actor_mentions("Armenia's Defense Ministry denied it.", reg)]
    ['Government of Armenia']
"""

from .loader import BUNDLED, SCHEMA_VERSION, Entry, Person, Registry, RoleInfo
from .matcher import ActorMention, explain, find_actor_mentions, format_explanation, qualify

__all__ = [
    "BUNDLED", "SCHEMA_VERSION", "ActorMention", "Entry", "Person", "Registry", "RoleInfo", "explain",
    "find_actor_mentions", "format_explanation", "qualify",
]
