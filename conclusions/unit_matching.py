"""Which of the agency's units a directive is given to, read from its words.

A unit is recognised by its name, its short name and the ways people shorten
names in conclusions: "Phòng Văn hóa" for "Phòng Văn hóa và Thông tin", "Phòng
GD-ĐT" (or GDĐT, GD&ĐT) for "Phòng Giáo dục và Đào tạo", "Văn phòng" for
"Văn phòng Sở", "UBND xã An Phú" for "Xã An Phú". "Mỗi xã, thị trấn" gives it
to every commune, "các phòng, đơn vị" / "mỗi đơn vị" to every office.

Units listed right after "phối hợp với" support the one in charge; they are
not given the directive. A unit-like name that matches none of the agency's
units, or several, is reported by name for a person to settle.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tracker.lib.text import fold_keeping_length, key, normalise, squash
from tracker.models import Unit, UnitKind

_HEADS = ("phong", "trung tam", "chi cuc", "ban")
# Unit-like names in the original text: a head word, then capitalised words.
_MENTION_HEAD = re.compile(
    r"(?<![\wÀ-ỹ])(Ủy ban nhân dân xã|Ủy ban nhân dân thị trấn|UBND xã|UBND thị trấn"
    r"|Văn phòng|Phòng|Trung tâm|Chi cục|Thanh tra|Xã|Thị trấn)(?=\s)"
)
_EVERY_COMMUNE = re.compile(
    r"\b(?:moi|cac|tat\s+ca\s+cac)\s+(?:ubnd\s+|uy\s+ban\s+nhan\s+dan\s+)?(?:cap\s+xa|xa)"
    r"(?:\s*,\s*(?:phuong\s*,\s*)?thi\s+tran)?\b|\bcap\s+xa\b"
)
# A level this matcher has no units for ("cấp huyện" under a district, "cấp
# tỉnh"): the directive waits for a person to choose.
_LEVEL = re.compile(r"\bcap\s+(?:huyen|tinh)\b")
# The leadership itself ("Lãnh đạo Sở", "các đồng chí Lãnh đạo Sở", "Ban
# Giám đốc"): a person may mark it for information, no task.
_LEADERSHIP = re.compile(
    r"\b(?:(?:cac\s+)?(?:dong\s+chi\s+)?lanh\s+dao\s+(?:so|ubnd|uy\s+ban|huyen|phong)"
    r"|ban\s+giam\s+doc|thuong\s+truc\s+ubnd)\b"
)
# The list is matched whole (atomic group) before "liên quan" is looked for:
# otherwise the engine backs off to "các phòng" in "các phòng, ban liên quan".
_EVERY_OFFICE = re.compile(
    r"(?>\b(?P<each>moi|cac|tat\s+ca\s+cac)\s+(?:phong|co\s+quan|don\s+vi)"
    r"(?:\s*,\s*(?:ban|don\s+vi|phong|co\s+quan))*"
    r"(?:\s+(?:chuyen\s+mon|truc\s+thuoc|thuoc\s+(?:so|ubnd\s+huyen|huyen)))?\b)"
    # bodies outside the agency, and "các cơ quan liên quan", are not its offices
    r"(?!\s+(?:(?:co\s+)?lien\s+quan|su\s+nghiep|nha\s+nuoc|trung\s+uong"
    r"|(?:cua|o|thuoc)\s+(?:tinh|trung\s+uong|bo))\b)"
)
_UBND = r"(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+"
# Units named right after these words support, or are followed up by, the
# unit in charge ("phối hợp với …", "đôn đốc các phòng, đơn vị"): they are not
# given the directive.
_NOT_GIVEN_LEAD = re.compile(
    r"(?:phoi\s+hop(?:\s+voi)?|don\s+doc|huong\s+dan|kiem\s+tra|theo\s+doi|chan\s+chinh)"
    rf"\s*(?:{_UBND})?(?:cac\s+)?$"
)
# Words that end a unit's name when reading one that matched nothing.
_NAME_STOP_WORDS = (
    "chủ trì phối thực tham rà theo tổ có được bảo đảm triển khẩn tăng đẩy hoàn xong trước "
    "trong để với về của cùng các mỗi thuộc tại làm kiểm nâng cập công chịu tiếp báo sớm kịp "
    "và đôn hướng chấn đăng xây thường cần phải nghiên tổng sửa đề đánh lập nắm quán rút khắc "
    "trên đến từ"
)
# Names run long in lower case ("Phòng Quản lý xử lý vi phạm hành chính"); past
# this many lower-case words the run is taken to be the sentence, not the name.
_NAME_MAX_LOWERCASE = 8
# No unit's name is longer; a longer run of capitalised words is not one name.
_NAME_MAX_WORDS = 20
_NAME_STOP = frozenset(_NAME_STOP_WORDS.split())
# Each separator run is read by one class only: two quantifiers that can both
# take the same spaces make a long gap quadratic (20,000 spaces took 15 s).
_LIST_GAP = re.compile(r"^[\s,;]*(?:(?:va|cac|ubnd|uy\s+ban\s+nhan\s+dan)\b[\s,;]*)*$")
_SENTENCE_END = re.compile(r"[.;\n]")


@dataclass(frozen=True)
class UnitProblem:
    name: str
    candidates: tuple[Unit, ...]

    def message(self, directive_label: str) -> str:
        if not self.candidates:
            return _("%(directive)s: không tìm thấy đơn vị “%(name)s”.") % {
                "directive": directive_label,
                "name": self.name,
            }
        names = ", ".join(unit.name for unit in self.candidates)
        return _("%(directive)s: “%(name)s” khớp với nhiều đơn vị (%(units)s).") % {
            "directive": directive_label,
            "name": self.name,
            "units": names,
        }


@dataclass(frozen=True)
class UnitMatch:
    units: tuple[Unit, ...]
    every_office: bool
    every_commune: bool
    problems: tuple[UnitProblem, ...]
    # words naming a level with no units here ("cấp huyện"), as written
    levels: tuple[str, ...] = ()
    leadership: bool = False


@dataclass
class _Mention:
    start: int
    end: int
    units: tuple[Unit, ...] = ()
    group: str = ""
    unknown: bool = False
    # "mỗi đơn vị": each of the units named before it, or every office when none was
    each: bool = False


_SEGMENT_SPLIT = re.compile(r"\s+va\s+|\s*-\s*|\s*,\s*")


def _abbreviations(segments: list[str]) -> set[str]:
    """["giao duc", "dao tao"] → {"gd-dt", "gddt", "gd va dt"}; ["noi vu"] → {"nv"}."""
    initials = ["".join(word[0] for word in seg.split()) for seg in segments]
    if len(initials) == 1:
        return {initials[0]} if len(initials[0]) > 1 else set()
    return {"-".join(initials), "".join(initials), " va ".join(initials)}


def unit_aliases(unit: Unit, agency: Unit) -> set[str]:
    """Comparison keys (tracker.lib.text.key) under which a unit may be named."""
    written = [unit.name] + ([unit.short_name] if unit.short_name else [])
    aliases = {key(name) for name in written}
    agency_key = key(agency.name)
    for name in written:
        loose = squash(re.sub(r"\s*&\s*", " va ", fold_keeping_length(normalise(name))))
        words = key(name).split(" ")
        if words[-1] in ("so", "huyen") and len(words) > 1:
            bare = " ".join(words[:-1])
            aliases.add(bare)
            if agency_key.startswith(words[-1] + " "):
                aliases.add(f"{bare} {agency_key}")
        if loose.endswith(" nha nuoc"):
            aliases.add(key(loose.removesuffix(" nha nuoc")))
        head = next((h for h in _HEADS if loose.startswith(h + " ")), None)
        if head:
            segments = [seg for seg in _SEGMENT_SPLIT.split(loose[len(head) + 1 :]) if seg]
            aliases |= {f"{head} {abbreviation}" for abbreviation in _abbreviations(segments)}
            if len(segments) > 1:
                aliases.add(f"{head} {segments[0]}")
                aliases.add(key(f"{head} {'-'.join(segments)}"))
                aliases.add(key(f"{head} {' va '.join(segments)}"))
    if unit.kind == UnitKind.COMMUNE:
        aliases |= {
            f"{prefix} {key(name)}" for name in written for prefix in ("ubnd", "uy ban nhan dan")
        }
    return {alias for alias in aliases if alias}


def _alias_pattern(alias: str) -> str:
    parts = []
    for index, word in enumerate(alias.split(" ")):
        if word == "va":
            parts.append(r"(?:[\s,]+va[\s,]+|\s*&\s*)")
            continue
        if index and alias.split(" ")[index - 1] != "va":
            parts.append(r"[\s,]+")
        parts.append(r"\s*-\s*".join(re.escape(piece) for piece in word.split("-")))
    return r"(?<![a-z0-9])" + "".join(parts) + r"(?![a-z0-9])"


class UnitMatcher:
    """Built once per agency from its units; `match(text)` per directive."""

    def __init__(self, agency: Unit, units=None):
        self.agency = agency
        if units is None:
            units = Unit.objects.filter(parent=agency, is_active=True)
        self.units = list(units)
        by_alias: dict[str, list[Unit]] = {}
        for unit in self.units:
            for alias in unit_aliases(unit, agency):
                by_alias.setdefault(alias, []).append(unit)
        # A unit's own name wins over another unit's shortening of it.
        exact = {key(unit.name): unit for unit in self.units}
        self._words: dict[tuple[Unit, ...], set[str]] = {}
        self._aliases = [
            (
                re.compile(_alias_pattern(alias)),
                (exact[alias],) if alias in exact else tuple(found),
            )
            for alias, found in sorted(by_alias.items(), key=lambda item: -len(item[0]))
        ]

    def match(self, text: str) -> UnitMatch:
        original = normalise(text)
        folded = fold_keeping_length(original)
        mentions = self._known(original, folded)
        mentions += self._unknown(original, mentions)
        mentions += self._groups(folded)
        mentions.sort(key=lambda mention: mention.start)
        units: dict[int, Unit] = {}
        problems = []
        every_office = every_commune = False
        previous_end, previous_support, named = 0, False, False
        for mention in mentions:
            gap = folded[previous_end : mention.start]
            support = bool(_NOT_GIVEN_LEAD.search(gap[-40:])) or (
                previous_support and bool(_LIST_GAP.match(gap))
            )
            named = named and not _SENTENCE_END.search(gap)
            previous_end, previous_support = mention.end, support
            if support or (mention.each and named):
                continue
            named = True
            if mention.group == "office":
                every_office = True
            elif mention.group == "commune":
                every_commune = True
            elif len(mention.units) == 1:
                units.setdefault(mention.units[0].pk, mention.units[0])
            else:
                name = " ".join(original[mention.start : mention.end].split())
                problems.append(UnitProblem(name=name, candidates=mention.units))
        return UnitMatch(
            units=tuple(units.values()),
            every_office=every_office,
            every_commune=every_commune,
            problems=tuple(dict.fromkeys(problems)),
            levels=tuple(
                dict.fromkeys(squash(original[slice(*m.span())]) for m in _LEVEL.finditer(folded))
            ),
            leadership=bool(_LEADERSHIP.search(folded)),
        )

    def _known(self, original: str, folded: str) -> list[_Mention]:
        taken = [False] * len(folded)
        mentions = []
        for pattern, units in self._aliases:
            for found in pattern.finditer(folded):
                start, end = found.span()
                if any(taken[start:end]) or _continues(original, folded, end):
                    continue
                if not self._written_alike(original[start:end], units):
                    continue
                taken[start:end] = [True] * (end - start)
                mentions.append(_Mention(start, end, units=units))
        return mentions

    def _written_alike(self, written: str, units: tuple[Unit, ...]) -> bool:
        """Aliases are matched folded, so "số, xây dựng" folds like "Sở Xây
        dựng". A match holds only if every word written with tone or vowel
        marks is one of the unit's own words as written; words without marks
        (text typed without diacritics, "GD-ĐT") are the fallback and pass."""
        own = self._words.get(units)
        if own is None:
            own = {
                word
                for unit in units
                for name in (unit.name, unit.short_name, self.agency.name)
                for word in _marked_words(name)
            }
            self._words[units] = own
        return all(word in own for word in _marked_words(written))

    def _unknown(self, original: str, known: list[_Mention]) -> list[_Mention]:
        # A head inside a known name or inside the name just read is part of
        # it; checking each against all ("Phòng Phòng Phòng …") was quadratic.
        taken = [False] * len(original)
        for mention in known:
            taken[mention.start : mention.end] = [True] * (mention.end - mention.start)
        mentions, read_to = [], 0
        for head in _MENTION_HEAD.finditer(original):
            if head.start() < read_to or taken[head.start()]:
                continue
            end = _capitalised_run(original, head.end())
            if end > head.end():
                mentions.append(_Mention(head.start(), end, unknown=True))
                read_to = end
        return mentions

    def _groups(self, folded: str) -> list[_Mention]:
        mentions = [
            _Mention(*m.span(), group="office", each=m.group("each") == "moi")
            for m in _EVERY_OFFICE.finditer(folded)
        ]
        mentions += [_Mention(*m.span(), group="commune") for m in _EVERY_COMMUNE.finditer(folded)]
        return mentions


def _marked_words(text: str) -> list[str]:
    """The words of `text` (lower case) that carry a mark other than đ."""
    words = re.findall(r"[^\W\d_]+", normalise(text or "").lower().replace("đ", "d"))
    return [word for word in words if fold_keeping_length(word) != word]


def _continues(original: str, folded: str, end: int) -> bool:
    """A match followed by more of a name ("Văn phòng UBND tỉnh", "Thanh tra
    tỉnh") names some other body, not the agency's unit."""
    following = re.match(r" ([^\s,.;:()]+)", original[end:])
    if not following:
        return False
    word = following.group(1)
    return word[0].isupper() or fold_keeping_length(word) == "tinh"


def _capitalised_run(original: str, position: int) -> int:
    """End of a name after its head: a capitalised word, then words up to a
    verb or connector ("Phòng Kinh tế và Hạ tầng chủ trì" → "Phòng Kinh tế và
    Hạ tầng"); the position itself when no capitalised word follows."""
    pattern = re.compile(r"(\s+(?:và\s+|-\s*|&\s*)?)([^\s,.;:()]+)")
    first = pattern.match(original, position)
    if not first or not first.group(2)[0].isupper():
        return position
    end, lowercase_run = first.end(), 0
    for _word in range(_NAME_MAX_WORDS):
        found = pattern.match(original, end)
        if not found:
            return end
        word = found.group(2)
        joined = found.group(1).strip()
        if word[0].isupper():
            lowercase_run = 0
        elif joined or normalise(word) in _NAME_STOP or lowercase_run >= _NAME_MAX_LOWERCASE:
            return end
        else:
            lowercase_run += 1
        end = found.end()
    return end
