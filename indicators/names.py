"""Indices and components by every name people write for them, loaded once (two queries)."""

from __future__ import annotations

from indicators.models import Component, Index
from localities.text import fold


class IndicatorNames:
    """For imports: "PAR INDEX", "Chỉ số PAPI", "Chỉ số 1: Chi phí gia nhập thị trường"… to
    the index or component, with no query per name."""

    def __init__(self) -> None:
        self._indices: dict[str, Index] = {}
        self._components: dict[int, dict[str, Component]] = {}
        self.index_by_code: dict[str, Index] = {}
        self.component_by_code: dict[tuple[str, str], Component] = {}
        codes: dict[int, str] = {}
        for index in Index.objects.all():
            for key in index.match_keys():
                self._indices[key] = index
            self._components[index.pk] = {}
            self.index_by_code[index.code] = index
            codes[index.pk] = index.code
        for component in Component.objects.all():
            for key in component.match_keys():
                self._components[component.index_id][key] = component
            self.component_by_code[(codes[component.index_id], component.code)] = component
        self._component_codes = {c.pk: key for key, c in self.component_by_code.items()}
        self._index_codes = codes

    def index(self, name: str) -> Index | None:
        return self._indices.get(fold(name or ""))

    def component(self, index: Index, name: str) -> Component | None:
        return self._components[index.pk].get(fold(name or ""))

    def target_code(self, index_id: int, component_id: int | None) -> str:
        """ "papi" or "papi:cong-khai-minh-bach", as ``Initiative.set_targets`` takes them."""
        if component_id is None:
            return self._index_codes[index_id]
        return ":".join(self._component_codes[component_id])
