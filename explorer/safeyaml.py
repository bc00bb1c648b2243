"""YAML text -> plain data and a line for every field, with bounded work on any input.

`parse` reads the event stream of the C parser (PyYAML's pure-Python one where libyaml is
missing) once and builds the data itself, instead of `yaml.safe_load` plus a second
`yaml.compose` for the line numbers. Building it here is what bounds the work:

- every node is visited once, and an alias reuses the value already built (no re-walk);
- aliases may add at most `MAX_ALIAS_VALUES` values in all, so an alias bomb stops early;
- an alias inside the node it names (`loop: &a [*a]`) is refused, not built;
- nesting deeper than `MAX_DEPTH` is refused at the line where it goes too deep;
- numbers must fit `MAX_INT` and be finite; only the plain YAML types are accepted;
- plain scalars are read by the YAML 1.2 core schema, not PyYAML's YAML 1.1 guesses: `yes`, `no`,
  `on`, `off` are text, `1:30` is text (not 90), `2024-01-01` is text; an integer written with a
  leading zero (`012077000`, octal in YAML 1.1) is refused unless quoted, since it is an identifier;
- line separators (NEL, U+2028, U+2029) and a byte order mark after the start are named, not
  left to the YAML reader's confusing errors.

Problems are returned, never raised: a *fatal* one means the file could not be read at all
(`Parsed.data` is None); any other one names a value that was replaced by None.

Examples:
    >>> p = parse("a: &x [1, 2]\\nb: *x\\n")
    >>> p.data, p.line(("b",)), p.problems
    ({'a': [1, 2], 'b': [1, 2]}, 2, [])
    >>> parse("loop: &a [*a]\\n").problems[0].message
    "alias '*a' is used inside the value it names (a recursive alias)"
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "MAX_INT", "Parsed", "Problem", "parse"]

# The real content nests 8 levels deep and uses no aliases; these bounds leave room for both.
MAX_DEPTH = 32
MAX_ALIAS_VALUES = 100_000
# Integers past 2**53 are not exact in JSON readers (JavaScript's numbers), which the exports feed.
MAX_INT = 2**53

Path = tuple[str | int, ...]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_TAG + t for t in ("null", "bool", "int", "float", "str"))
_COLLECTION_TAGS = frozenset({None, "!", _TAG + "seq", _TAG + "map"})
# What YAML itself refuses in a file (outside the printable set), found here first so the message can
# name the line and the character instead of a byte offset.
# NEL, U+2028 and U+2029 are line breaks to YAML (lines then no longer match an editor's), and a byte
# order mark is allowed only at the very start.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: Path
    message: str
    fatal: bool = False


@dataclass
class Parsed:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    replaced: set[Path] = field(default_factory=set)  # values refused and stored as None

    @property
    def ok(self) -> bool:
        """Whether the file could be read (a non-fatal problem leaves the rest of the data usable)."""
        return not any(p.fatal for p in self.problems)

    def line(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest recorded ancestor (a missing field: its mapping)."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


class _Fatal(Exception):
    def __init__(self, line: int | None, path: Path, message: str) -> None:
        super().__init__(message)
        self.problem = Problem(line, path, message, fatal=True)


def parse(text: str) -> Parsed:
    """Plain data (dicts, lists, str, int, float, bool, None) and a 1-based line for every path."""
    text = text.removeprefix("\ufeff")
    if bad := _UNPRINTABLE.search(text):
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        message = f"{char_name(bad.group())} at column {column} is not allowed in a YAML file; delete it"
        return Parsed(None, problems=[Problem(line, (), message, fatal=True)])
    builder = _Builder()
    loader = _LOADER(text)
    try:
        builder.run(loader)
    except _Fatal as exc:
        return Parsed(None, builder.lines, [*builder.problems, exc.problem])
    except yaml.MarkedYAMLError as exc:
        return Parsed(None, builder.lines, [*builder.problems, _syntax_problem(exc, text)])
    except yaml.YAMLError as exc:  # a reader error: its position is a byte offset, not a line
        return Parsed(None, builder.lines, [*builder.problems, Problem(None, (), f"malformed YAML: {exc}", True)])
    finally:
        loader.dispose()
    return Parsed(builder.data, builder.lines, builder.problems, builder.replaced)


def char_name(char: str) -> str:
    """'a tab (U+0009)': how a message names an invisible character."""
    return f"{_CHAR_NAMES.get(char, 'control character')} (U+{ord(char):04X})"


_CHAR_NAMES = {
    "\t": "a tab", "\x00": "a NUL byte", "\x07": "a bell character", "\x08": "a backspace",
    "\x0b": "a vertical tab", "\x0c": "a form feed", "\r": "a carriage return", "\x1b": "an escape character",
    "\x7f": "a delete character", "\u2028": "a line separator", "\u2029": "a paragraph separator",
    "\u202d": "a left-to-right override", "\u202e": "a right-to-left override",
    "\x85": "a next-line character (NEL)", "\ufeff": "a byte order mark (BOM)",
    "\u200b": "a zero-width space", "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner", "\u00ad": "a soft hyphen", "\u3164": "a Hangul filler (invisible)",
    "\uffa0": "a halfwidth Hangul filler (invisible)", "\u115f": "a Hangul filler (invisible)",
    "\u1160": "a Hangul filler (invisible)", "\u180e": "a Mongolian vowel separator (invisible)",
    "\u200e": "a left-to-right mark", "\u200f": "a right-to-left mark", "\u00a0": "a no-break space",
}


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or str(exc)
    if line is not None:
        lines = text.splitlines()
        source = lines[line - 1] if line <= len(lines) else ""
        if "\t" in source[: len(source) - len(source.lstrip())]:
            return Problem(line, (), "a tab is used for indentation (YAML indents with spaces only)", True)
    if "maximum nesting depth" in problem:  # libyaml's own limit, reached only by flow-style lists
        problem = f"nested more than {MAX_DEPTH} levels deep"
    return Problem(line, (), f"malformed YAML: {problem}", fatal=True)


@dataclass(slots=True)
class _Frame:
    """An open list or mapping; `key` is the mapping key waiting for its value."""

    value: list[Any] | dict[Any, Any]
    path: Path
    anchor: str | None
    is_list: bool = False
    size: int = 1  # values in it once aliases are expanded, itself included
    key: Any = None
    has_key: bool = False
    skip_value: bool = False  # the pending key was refused: drop its value


_REFUSED = object()  # a scalar that was refused; stored as None


class _Builder:
    def __init__(self) -> None:
        self.data: Any = None
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.replaced: set[Path] = set()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, _Frame | None]] = {}  # -> (value, size, its frame while open)
        self.alias_values = 0
        self.documents = 0

    def run(self, loader: Any) -> None:
        """Build the data from `loader`'s events, taken one by one (through `yaml.parse`'s generator
        they cost a tenth more on big files)."""
        get_event = loader.get_event
        stack, lines = self.stack, self.lines
        scalar, stream_end = yaml.ScalarEvent, yaml.StreamEndEvent
        opening = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar:
                text = event.value
                # Most scalars are text that no rule can refuse (a name, a sentence, a quoted string)
                # inside an open collection: put in place here, without the general path below.
                if (stack and event.tag is None and event.anchor is None and text and text != "<<"
                        and (not event.implicit[0] or (text[0] not in _NUMBER_START and text not in _WORDS))):
                    top = stack[-1]
                    top.size += 1
                    held = top.value
                    if top.is_list:
                        lines.setdefault((*top.path, len(held)), event.start_mark.line + 1)
                        held.append(text)  # type: ignore[union-attr]
                    elif not top.has_key:
                        if text in held:
                            self._take_key(top, text, event.start_mark.line + 1)  # says it appears twice
                        else:
                            top.key, top.has_key = text, True
                            lines[(*top.path, text)] = event.start_mark.line + 1
                    else:
                        if not top.skip_value:
                            held[top.key] = text
                        top.key, top.has_key, top.skip_value = None, False, False
                    continue
                line = event.start_mark.line + 1
                value = self._construct(event, line)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (None if value is _REFUSED else value, 1, None)
                self._add(value, 1, line)
            elif kind in opening:
                self._open(event, event.start_mark.line + 1)
            elif kind in closing:
                frame = stack.pop()
                if frame.anchor is not None:
                    self.anchors[frame.anchor] = (frame.value, frame.size, None)
                self._add(frame.value, frame.size, event.start_mark.line + 1, closing=True)
            elif kind is yaml.AliasEvent:
                self._alias(event.anchor, event.start_mark.line + 1)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise _Fatal(event.start_mark.line + 1, (), "a second YAML document starts here; a data file "
                                 "holds one")
            elif kind is stream_end:
                return

    def _next_path(self) -> Path:
        """The path of the value about to be added (while a key is read: its mapping's path)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        return (*top.path, top.key) if top.has_key else top.path

    def _reading_key(self) -> bool:
        return bool(self.stack) and isinstance(self.stack[-1].value, dict) and not self.stack[-1].has_key

    def _refuse(self, line: int, path: Path, message: str) -> None:
        self.problems.append(Problem(line, path, message))

    def _open(self, event: yaml.CollectionStartEvent, line: int) -> None:
        path = self._next_path()
        if len(self.stack) >= MAX_DEPTH:
            raise _Fatal(line, path[:6], f"nested more than {MAX_DEPTH} levels deep")
        if self._reading_key():
            path = (*path, "?")  # a list or mapping used as a key is refused when it ends; keep its lines apart
        self.lines.setdefault(path, line)
        if event.tag not in _COLLECTION_TAGS:
            self._refuse(line, path, f"unsupported YAML tag {_tag_shown(event.tag)}")
            self.replaced.add(path)
        is_list = isinstance(event, yaml.SequenceStartEvent)
        frame = _Frame([] if is_list else {}, path, event.anchor, is_list)
        if event.anchor is not None:
            self.anchors[event.anchor] = (frame.value, 0, frame)
        self.stack.append(frame)

    def _alias(self, anchor: str, line: int) -> None:
        path = self._next_path()
        if anchor not in self.anchors:
            self._refuse(line, path, f"unknown alias '*{anchor}' (no '&{anchor}' before it)")
            self.replaced.add(path)
            self._add(_REFUSED, 1, line)
            return
        value, size, still_open = self.anchors[anchor]
        if still_open is not None:
            raise _Fatal(line, path, f"alias '*{anchor}' is used inside the value it names (a recursive alias)")
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            raise _Fatal(line, path, f"aliases repeat more than {MAX_ALIAS_VALUES:,} values in this file "
                         "(an alias bomb?); write the values out, or use each anchor only a few times")
        self._add(value, size, line)

    def _add(self, value: Any, size: int, line: int, *, closing: bool = False) -> None:
        """Put a finished value (a scalar, an alias's value, a just-closed collection) in its place."""
        if not self.stack:
            self.data = None if value is _REFUSED else value
            self.lines.setdefault((), line)
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            if not closing:
                self.lines.setdefault((*top.path, len(top.value)), line)
            top.value.append(None if value is _REFUSED else value)
        elif not top.has_key:
            self._take_key(top, value, line)
        else:
            if not top.skip_value:
                top.value[top.key] = None if value is _REFUSED else value
            top.key, top.has_key, top.skip_value = None, False, False

    def _take_key(self, top: _Frame, key: Any, line: int) -> None:
        top.key, top.has_key = key, True
        if key is _REFUSED:
            top.skip_value = True
        elif isinstance(key, (list, dict)):
            self._refuse(line, top.path, "a key must be a plain name, not a list or a mapping")
            top.skip_value = True
        elif key in top.value:
            self._refuse(line, (*top.path, key), f"key {_shown(str(key))!r} appears twice in the same mapping")
            top.skip_value = True
        else:
            self.lines[(*top.path, key)] = line

    def _construct(self, event: yaml.ScalarEvent, line: int) -> Any:
        tag = event.tag
        if event.implicit[0] and tag in (None, "!"):  # a plain scalar: typed by the YAML 1.2 core schema
            value, problem = _core_scalar(event.value)
            if event.value == "<<" and self._reading_key():
                problem = _SCALAR_PROBLEMS[_TAG + "merge"]
        elif tag in (None, "!", _TAG + "str"):  # quoted, a block of text, or '!!str'
            value, problem = event.value, None
        elif tag in _SCALAR_TAGS:  # '!!int 5': the text must be what the tag says
            value, problem = _core_scalar(event.value)
            if problem is None and _core_tag(value) != tag:
                problem = f"{_shown(event.value)!r} is not a valid {_tag_shown(tag)}"
        else:
            value, problem = None, _SCALAR_PROBLEMS.get(tag, f"unsupported YAML tag {_tag_shown(tag)}")
        if problem is None:
            return value
        # A refused key is named by its own text; a refused value by its path, and replaced by None.
        reading_key = self._reading_key()
        path = (*self._next_path(), _shown(event.value)) if reading_key else self._next_path()
        self._refuse(line, path, problem)
        if not reading_key:
            self.replaced.add(path)
        return _REFUSED


# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema), without its octal and hex
# forms: content has no use for them, and a leading zero is refused below.
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
# Only these plain scalars can be anything but text: a number, or one of the null and boolean words.
_NUMBER_START = frozenset("0123456789+-.~")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORDS = _NULL | _BOOL.keys()
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def _core_scalar(text: str) -> tuple[Any, str | None]:
    """The value of a plain scalar and, if it is refused, why.

    >>> [_core_scalar(t)[0] for t in ("yes", "1:30", "12", "1.5e3", "true", "~", "2024-01-01")]
    ['yes', '1:30', 12, 1500.0, True, None, '2024-01-01']
    >>> _core_scalar("012077000")[1]
    "number 012077000 starts with a zero; write it without the zero, or in quotes if it is an identifier ('012077000')"
    """
    if text and text[0] not in _NUMBER_START and text not in _WORDS:  # most text: no need to try the patterns
        return text, None
    if text in _NULL:
        return None, None
    if text in _BOOL:
        return _BOOL[text], None
    if _INT.fullmatch(text):
        digits = text.lstrip("+-")
        if len(digits) > 1 and digits.startswith("0"):
            return None, (f"number {_shown(text)} starts with a zero; write it without the zero, or in quotes if "
                          f"it is an identifier ('{_shown(text)}')")
        try:
            value: int | float = int(text)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            value = math.inf
        return value, _number_problem(value, text)
    if _FLOAT.fullmatch(text) or _SPECIAL_FLOAT.fullmatch(text):
        number = float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
        return number, _number_problem(number, text)
    return text, None


def _core_tag(value: Any) -> str:
    if value is None:
        return _TAG + "null"
    if isinstance(value, bool):
        return _TAG + "bool"
    return _TAG + ("int" if isinstance(value, int) else "float" if isinstance(value, float) else "str")


_SCALAR_PROBLEMS = {_TAG + "merge": "merge keys ('<<') are not supported; write the keys out"}


def _number_problem(value: Any, text: str) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and math.isfinite(value):
        return None
    if isinstance(value, int) and abs(value) <= MAX_INT:
        return None
    if isinstance(value, int) or text.lstrip("+-").replace("_", "").isdigit():
        return f"number {_shown(text)} is out of range ({len(text)} characters; at most 2**53)"
    return f"number {_shown(text)} is not finite"


def _tag_shown(tag: str | None) -> str:
    """A tag as it was written: '!!set', not 'tag:yaml.org,2002:set'."""
    return repr(f"!!{tag.removeprefix(_TAG)}" if tag and tag.startswith(_TAG) else tag)


def _shown(text: str, limit: int = 40) -> str:
    """`text` cut to `limit` characters, so a message stays one short line."""
    return text if len(text) <= limit else f"{text[: limit - 11]}…{text[-10:]}"
