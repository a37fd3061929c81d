import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conclusions.models import Conclusion


class ConclusionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Tìm (số, cuộc họp, người ký)"),
        method="search",
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    assessment_year = django_filters.NumberFilter(
        label=_("Năm kết quả"),
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )

    class Meta:
        model = Conclusion
        fields = ["q", "assessment_year"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(number__icontains=value) | Q(meeting__icontains=value) | Q(signer__icontains=value)
        )
