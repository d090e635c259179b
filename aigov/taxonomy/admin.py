from django.contrib import admin

from aigov.core.admin import ReadOnlyAdmin
from aigov.taxonomy.models import (
    Country,
    Language,
    LifecycleStage,
    RiskArea,
    RiskDomain,
    SdgTarget,
    SustainableDevelopmentGoal,
    Topic,
)


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["iso3", "name", "is_un_member", "regional_group", "income_group", "is_ldc"]
    list_filter = ["is_un_member", "regional_group", "income_group", "is_ldc", "kind"]
    search_fields = ["iso3", "iso2", "names"]


@admin.register(SustainableDevelopmentGoal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["number", "name", "colour"]


@admin.register(SdgTarget)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["code", "goal"]
    list_filter = ["goal"]


@admin.register(RiskDomain)
class RiskDomainAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "position"]


@admin.register(RiskArea)
class RiskAreaAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "domain", "confidence"]
    list_filter = ["domain", "confidence"]


@admin.register(LifecycleStage)
class LifecycleStageAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "position", "slug", "name"]
    list_filter = ["scheme"]


@admin.register(Language)
class LanguageAdmin(ReadOnlyAdmin):
    list_display = ["tag", "name", "is_un_official", "is_rtl"]
    list_filter = ["is_un_official", "is_rtl"]
    search_fields = ["tag", "names"]


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["slug", "name", "source"]
