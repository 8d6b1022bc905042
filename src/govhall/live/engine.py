"""Event routing behind an adapter: ``durable_rules`` or a plain dict dispatch (DESIGN, "Live supervision").

The supervisor turns everything posted to it into a *message*::

    {"type": "application_event", "seq": 17, "posted_at": "…", "body": {...the record or event as JSON...}}

and hands it to an :class:`EventEngine`, which calls the handler registered for ``type`` or, for a
type no handler knows, the *fallback* handler (the supervisor records such events as unknown; they
are never raised). Both engines route the same way, so they give identical results on the same event
stream (``tests/test_live.py`` checks this with hypothesis).

* :class:`DurableEngine` runs the routing as a ``durable_rules`` ruleset: one rule per known type
  plus a catch-all rule whose condition is "type is none of the known ones", so durable_rules never
  raises ``MessageNotHandledException``. durable_rules' quirks, and what govhall does about them:

  - ``durable.lang`` keeps one process-wide host in which a ruleset name can be registered only
    once and never removed. govhall does not use that host: it builds its own (:func:`_host`),
    registers **one** ruleset in it (:data:`RULESET_NAME`), and gives every engine instance its own
    durable_rules *session* (``sid``, a random hex id) in that ruleset; a session's state is deleted
    on :meth:`DurableEngine.close` (or after the engine is garbage-collected). So any number of
    supervisors can live in one process without name clashes or one leaked ruleset each.
  - ``durable.engine.Host`` starts background threads that dispatch queued actions and timers by
    calling into the native engine concurrently with the caller (deleting a session while they run
    crashed the interpreter in testing). govhall's host does not start them: actions run
    synchronously inside ``post`` and time comes from the injected clock, so they are not needed.
  - Only ``{"sid", "type", "seq"}`` crosses into durable_rules (``type`` is a route name or ``"?"``);
    the message stays in the engine, so no posted string, however malformed (a lone surrogate, a
    deep nesting), reaches durable_rules' JSON layer, and a post costs the same whatever its size.
  - ``Host.post`` runs each action through per-action Python closures that form reference cycles
    (about 24 objects a post), so the cyclic garbage collector ran ever more often over a growing
    state. :func:`_native_post` makes the same native calls (assert the event, start the action,
    update the state, complete the action) without them; if the native module lacks one of those
    calls, ``Host.post`` is used instead (a test checks both give the same state).
  - A handler runs after durable_rules has completed its action, so a handler's exception never
    leaves an action open; it is re-raised to the caller of :meth:`DurableEngine.dispatch`.
* :class:`PlainEngine` is a dict dispatch: the reference implementation in tests, and the engine
  used when ``durable_rules`` cannot be imported (see :func:`make_engine`).
"""

from __future__ import annotations

import threading
import uuid
import warnings
import weakref
from collections.abc import Callable, Mapping
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "ROUTES",
    "RULESET_NAME",
    "DurableEngine",
    "EventEngine",
    "Handler",
    "Message",
    "PlainEngine",
    "durable_available",
    "make_engine",
]

#: The message types the supervisor handles; anything else goes to the fallback (catch-all) handler.
ROUTES: tuple[str, ...] = (
    "application",
    "application_event",
    "complaint",
    "complaint_event",
    "appointment",
    "item",
    "staff",
    "window",
    "hall",
)

_ROUTE_SET = frozenset(ROUTES)

#: ``{"type": str, "seq": int, "posted_at": str, "body": <JSON-compatible>}`` (+ ``"problem"`` when
#: the body could not be read)
Message = dict[str, Any]
Handler = Callable[[Message], None]

#: The one durable_rules ruleset govhall registers in the process-wide durable_rules host.
RULESET_NAME = "govhall-live-router-v1"


@runtime_checkable
class EventEngine(Protocol):
    """Routes each message to the handler of its ``type``, or to the fallback for unknown types."""

    #: ``"durable"`` or ``"plain"`` (or a custom engine's name)
    name: str

    def bind(self, handlers: Mapping[str, Handler], fallback: Handler) -> None:
        """Install the handlers (keys among :data:`ROUTES`) and the catch-all ``fallback``."""
        ...

    def dispatch(self, message: Message) -> None:
        """Route one message; returns after its handler has run (synchronously)."""
        ...

    def close(self) -> None:
        """Release what the engine holds (idempotent)."""
        ...


def _check_handlers(handlers: Mapping[str, Handler]) -> dict[str, Handler]:
    unknown = set(handlers) - set(ROUTES)
    if unknown:
        raise ValueError(
            f"no route for message type(s) {', '.join(sorted(unknown))}; known: {', '.join(ROUTES)}"
        )
    return dict(handlers)


class PlainEngine:
    """A dict dispatch: ``handlers.get(type, fallback)(message)``."""

    name = "plain"

    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}
        self._fallback: Handler | None = None

    def bind(self, handlers: Mapping[str, Handler], fallback: Handler) -> None:
        self._handlers = _check_handlers(handlers)
        self._fallback = fallback

    def dispatch(self, message: Message) -> None:
        if self._fallback is None:
            raise RuntimeError("PlainEngine.dispatch before bind")
        self._handlers.get(str(message["type"]), self._fallback)(message)

    def close(self) -> None:
        self._handlers = {}
        self._fallback = None


def durable_available() -> bool:
    """Whether ``durable_rules`` (module ``durable``) imports."""
    try:
        import durable.lang  # noqa: F401
    except Exception:  # ImportError, or its native extension failing to load
        return False
    return True


# -- durable_rules ---------------------------------------------------------------------------------

_LOCK = threading.RLock()
_HOST: Any = None
_SESSIONS: weakref.WeakValueDictionary[str, DurableEngine] = weakref.WeakValueDictionary()
_DEAD_SESSIONS: list[str] = []  # sids of engines collected without close(); freed under _LOCK


def _route_action(route: str | None) -> Callable[[Any], None]:
    """The durable_rules action for ``route`` (None = the catch-all): find the session's engine."""

    def action(c: Any) -> None:
        engine = _SESSIONS.get(str(c.m.sid))
        if engine is not None:
            engine._deliver(route, int(c.m.seq))

    action.__name__ = f"route_{route or 'catch_all'}"
    return action


def _ruleset_definition() -> dict[str, Any]:
    """One rule per route, and a catch-all whose condition is "type is none of the routes".

    Built with durable_rules' own DSL but outside a ``with ruleset(...)`` block, so nothing lands in
    durable.lang's global pending-ruleset table.
    """
    from durable.lang import m, when_all

    definition: dict[str, Any] = {}
    for i, route in enumerate(ROUTES):
        definition[f"route_{i}"] = when_all(m.type == route)(_route_action(route)).define()
    catch_all = None
    for route in ROUTES:
        cond = m.type != route
        catch_all = cond if catch_all is None else catch_all & cond
    definition["catch_all"] = when_all(catch_all)(_route_action(None)).define()
    return definition


def _host() -> Any:
    """govhall's own durable_rules host, registered once per process.

    ``durable.engine.Host`` starts two self-rearming background threads (queued-action and timer
    dispatch) that call into the native engine while the caller does too; govhall needs neither
    (actions run synchronously inside ``post``, time comes from the injected clock), so its host
    does not start them, and every call into durable_rules happens under one lock.
    """
    global _HOST
    with _LOCK:
        if _HOST is None:
            from durable import engine as durable_engine

            class _QuietHost(durable_engine.Host):  # type: ignore[misc]  # durable_rules is untyped (Any)
                def _run(self) -> None:  # no background dispatch threads
                    return None

            host = _QuietHost()
            host.register_rulesets({RULESET_NAME: _ruleset_definition()})
            _HOST = host
            global _NATIVE
            _NATIVE = _native()
        return _HOST


def _native() -> Any:
    """durable_rules' native engine module, if it has the calls :func:`_native_post` makes."""
    try:
        import durable_rules_engine as native
    except Exception:
        return None
    needed = ("assert_event", "start_action_for_state", "update_state", "complete_and_start_action")
    return native if all(hasattr(native, n) for n in needed) else None


_NATIVE: Any = None
#: rule name in the ruleset -> route (None = the catch-all)
_ACTION_ROUTES: dict[str, str | None] = {f"route_{i}": route for i, route in enumerate(ROUTES)}
_ACTION_ROUTES["catch_all"] = None


def _native_post(envelope: dict[str, Any]) -> list[tuple[str | None, int]]:
    """Post ``envelope`` to durable_rules' native engine and run the actions it starts: the calls
    ``durable.engine.Host.post`` makes (assert the event, start the action for the session's state,
    update the state, complete the action and start the next), without its per-action Python
    closures, which form reference cycles the garbage collector must then walk. Returns the
    (route, seq) of each action fired; the caller delivers them after durable_rules has completed
    them, so a failing handler never leaves an action open in durable_rules. Caller holds _LOCK.
    """
    native = _NATIVE
    handle = _HOST.get_ruleset(RULESET_NAME)._handle
    # sid is hex, type one of the routes or "?", seq an int: the JSON is written directly
    text = f'{{"sid":"{envelope["sid"]}","type":"{envelope["type"]}","seq":{int(envelope["seq"])}}}'
    code, state_handle = native.assert_event(handle, text)
    if code != 0:  # 1: no rule matched (cannot happen: the catch-all), 2: observed, 3: nothing to do
        return []
    fired: list[tuple[str | None, int]] = []
    started = native.start_action_for_state(handle, state_handle)
    if not started:
        return fired
    state_text, action_text = started[0], started[1]
    while action_text:
        # '{"route_5":{"m":{...}}}': the rule's name is all that is needed
        name = action_text[2 : action_text.index('"', 2)]
        fired.append((_ACTION_ROUTES.get(name), envelope["seq"]))
        native.update_state(handle, state_text)
        action_text = native.complete_and_start_action(handle, state_handle)
    return fired


def _free_dead_sessions() -> None:
    """Delete the durable_rules state of engines that were garbage-collected (caller holds _LOCK)."""
    while _DEAD_SESSIONS:
        sid = _DEAD_SESSIONS.pop()
        try:
            _HOST.delete_state(RULESET_NAME, sid)
        except Exception:  # a session that never posted has no state
            pass


class DurableEngine:
    """Routing on a ``durable_rules`` ruleset, one durable_rules session per engine instance."""

    name = "durable"

    def __init__(self) -> None:
        self._host = _host()
        self.sid = uuid.uuid4().hex
        self._handlers: dict[str, Handler] = {}
        self._fallback: Handler | None = None
        self._error: BaseException | None = None
        self._inflight: Message | None = None
        self._delivered = False
        self._closed = False
        _SESSIONS[self.sid] = self
        # never call into durable_rules from a finalizer (it may run mid-call): queue the sid instead
        self._finalizer = weakref.finalize(self, _DEAD_SESSIONS.append, self.sid)

    def bind(self, handlers: Mapping[str, Handler], fallback: Handler) -> None:
        self._handlers = _check_handlers(handlers)
        self._fallback = fallback

    def dispatch(self, message: Message) -> None:
        if self._closed:
            raise RuntimeError("DurableEngine is closed")
        if self._fallback is None:
            raise RuntimeError("DurableEngine.dispatch before bind")
        # durable_rules decides the route on "type"; only the route name and seq cross into it (the
        # message stays here), so no posted string, however malformed, ever reaches its JSON layer
        # and a post costs the same whatever the size of the event.
        kind = str(message["type"])
        envelope = {"sid": self.sid, "type": kind if kind in _ROUTE_SET else "?", "seq": int(message["seq"])}
        self._error = None
        self._inflight = message
        self._delivered = False
        try:
            with _LOCK:
                _free_dead_sessions()
                if _NATIVE is not None:
                    routes = _native_post(envelope)
                else:  # durable_rules without the native calls govhall drives: its own Host.post
                    routes = None
                    self._host.post(RULESET_NAME, envelope)
            if routes is not None:
                for route, seq in routes:
                    self._deliver(route, seq)
        finally:
            self._inflight = None
        if self._error is not None:
            # reachable: the _deliver callbacks set it during the post (mypy keeps the reset's narrowing)
            err, self._error = self._error, None  # type: ignore[unreachable]
            raise err
        if not self._delivered:
            raise RuntimeError(f"durable_rules did not route message {message['seq']}")

    def _deliver(self, route: str | None, seq: int) -> None:
        message = self._inflight
        handler = self._handlers.get(route, self._fallback) if route is not None else self._fallback
        try:
            assert handler is not None and message is not None and message["seq"] == seq
            self._delivered = True
            handler(message)
        except BaseException as exc:  # re-raised by dispatch, outside durable_rules' action
            self._error = exc

    def close(self) -> None:
        """Delete this session's durable_rules state (idempotent)."""
        if not self._closed:
            self._closed = True
            _SESSIONS.pop(self.sid, None)
            self._finalizer.detach()
            with _LOCK:
                _DEAD_SESSIONS.append(self.sid)
                _free_dead_sessions()


def make_engine(engine: str | EventEngine = "durable") -> EventEngine:
    """``"durable"`` (falls back to :class:`PlainEngine` with a warning if durable_rules does not
    import), ``"plain"``, or an :class:`EventEngine` instance (returned as is)."""
    if not isinstance(engine, str):
        if not isinstance(engine, EventEngine):
            raise TypeError(
                f"engine must be 'durable', 'plain' or an EventEngine, not {type(engine).__name__}"
            )
        return engine
    if engine == "plain":
        return PlainEngine()
    if engine == "durable":
        if durable_available():
            return DurableEngine()
        warnings.warn(
            "durable_rules does not import; govhall.live uses its plain dispatch engine",
            RuntimeWarning,
            stacklevel=2,
        )
        return PlainEngine()
    raise ValueError(f"engine must be 'durable' or 'plain', not {engine!r}")
