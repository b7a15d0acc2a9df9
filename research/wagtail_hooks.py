"""能力图谱 in the admin (Chinese, scoped): editors keep the framework (能力维度, 水平描述);
editors and trainers tag courses, modules, micro-lectures, resources, workshop activities and
resource kinds with the dimensions they develop (能力标注), each within their region or school
(``research.tag_scope``). Trainers also find their portal pages (热力图, 精准施训) here."""

from django import forms
from django.urls import reverse

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Role
from home.people import profile_of

from .models import CapabilityDimension, DimensionTag, LevelDescriptor
from .tag_scope import activities_in_scope, can_tag_kinds, tags_in_scope

TAGGABLE_PAGES = [
    "training.CoursePage",
    "training.CourseModulePage",
    "training.MicroLecturePage",
    "resources.GeneratedResourcePage",
]


class DimensionTagPermissionPolicy(ModelPermissionPolicy):
    """Model permissions say who may tag; this says which tags (edit, delete, inspect, bulk
    actions and choosers ask about an instance or a queryset)."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.filter(pk__in=tags_in_scope(user).values("pk"))

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if instance.kind and action != "view" and not can_tag_kinds(user):
            return False
        return tags_in_scope(user).filter(pk=instance.pk).exists()


tag_policy = DimensionTagPermissionPolicy(DimensionTag)
register_permission_policy(DimensionTag, tag_policy, exact_class=True)


class DimensionTagForm(WagtailAdminModelForm):
    """Activities offered are those in the user's scope; resource kinds only to editors without
    a region; exactly one of page, activity or kind."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        if "activity" in self.fields and for_user is not None:
            self.fields["activity"].queryset = activities_in_scope(for_user).order_by("-starts_at", "-pk")
        if "dimension" in self.fields:
            self.fields["dimension"].queryset = CapabilityDimension.objects.filter(parent__isnull=False)

    def clean(self):
        data = super().clean()
        chosen = [bool(data.get("page")), bool(data.get("activity")), bool(data.get("kind"))]
        if sum(chosen) != 1:
            raise forms.ValidationError("请在课程（模块、微课、资源）、研修活动、资源类型三者中选择且只选择一项。")
        if data.get("kind") and not (self.for_user is not None and can_tag_kinds(self.for_user)):
            raise forms.ValidationError("按资源类型标注会影响所有区域，只有不限区域的编辑可以操作。")
        page = data.get("page")
        if page is not None and page.specific_class is not None:
            label = f"{page.specific_class._meta.app_label}.{page.specific_class.__name__}"
            if label not in TAGGABLE_PAGES:
                raise forms.ValidationError("只能标注课程、课程模块、微课或资源页面。")
            if label == "resources.GeneratedResourcePage" and self.for_user is not None:
                from .tag_scope import resources_in_scope

                if not resources_in_scope(self.for_user).filter(pk=page.pk).exists():
                    raise forms.ValidationError("该资源不在您负责的范围内。")
        return data


class CapabilityDimensionViewSet(SnippetViewSet):
    model = CapabilityDimension
    icon = "sitemap"
    menu_label = "能力维度"
    list_display = ["name", "parent", "code", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name", "code"]
    ordering = ["sort_order", "pk"]
    panels = [
        FieldPanel("parent"),
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class LevelDescriptorViewSet(SnippetViewSet):
    model = LevelDescriptor
    icon = "list-ol"
    menu_label = "水平描述"
    list_display = ["dimension", "teacher_stage", "text"]
    list_filter = ["teacher_stage", "dimension"]
    ordering = ["dimension__sort_order", "teacher_stage__sort_order"]
    panels = [FieldPanel("dimension"), FieldPanel("teacher_stage"), FieldPanel("text")]


class DimensionTagViewSet(SnippetViewSet):
    model = DimensionTag
    icon = "tag"
    menu_label = "能力标注"
    list_display = ["target_label", "dimension"]
    list_filter = ["dimension", "kind"]
    ordering = ["dimension__sort_order", "pk"]
    edit_handler = ObjectList(
        [
            FieldPanel("dimension"),
            PageChooserPanel("page", page_type=TAGGABLE_PAGES),
            FieldPanel("activity"),
            FieldPanel("kind"),
        ],
        base_form_class=DimensionTagForm,
    )

    def get_queryset(self, request):
        return tags_in_scope(request.user)


class FrameworkGroup(SnippetViewSetGroup):
    items = (CapabilityDimensionViewSet, LevelDescriptorViewSet, DimensionTagViewSet)
    menu_icon = "sitemap"
    menu_label = "能力图谱"
    menu_name = "capability-map"
    menu_order = 280


register_snippet(FrameworkGroup)


class TrainerPortalItem(MenuItem):
    def is_shown(self, request):
        profile = profile_of(request.user)
        return request.user.is_superuser or (profile is not None and profile.role != Role.TEACHER)


@hooks.register("register_admin_menu_item")
def register_heatmap_menu_item():
    return TrainerPortalItem(
        "能力热力图（门户）", reverse("research:heatmap"), name="research-heatmap", icon_name="view", order=281
    )
