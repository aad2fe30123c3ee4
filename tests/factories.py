"""Factories for the page tree and the records around it. Each test builds only what it needs."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from factory.django import DjangoModelFactory

from cases.models import CaseArticleLink, CaseIndexPage, CasePage, DiscoveryMethod, ProblemCategory
from core.models import HomePage, UnitType
from guides.models import GuideIndexPage, IntervieweeRole, InterviewGuidePage, InterviewQuestion
from regulations.models import RegulationArticle, RegulationIndexPage, RegulationPage
from regulations.numerals import article_label


def client_for(user) -> Client:
    """A test client logged in as this person."""
    client = Client()
    client.force_login(user)
    return client


def home_page() -> HomePage:
    """The HomePage the migrations create on every fresh database."""
    return HomePage.objects.get()


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "测试用户"
    password = factory.django.Password("pw-for-tests")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class UnitTypeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"单位类型{n}")
    slug = factory.Sequence(lambda n: f"unit-type-{n}")

    class Meta:
        model = UnitType


class ProblemCategoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"问题类别{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")

    class Meta:
        model = ProblemCategory


class DiscoveryMethodFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"发现方式{n}")
    slug = factory.Sequence(lambda n: f"method-{n}")

    class Meta:
        model = DiscoveryMethod


class CaseIndexPageFactory(wagtail_factories.PageFactory):
    title = "案例库"
    slug = "cases"
    show_in_menus = True
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = CaseIndexPage


class CasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"测试案例{n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    unit_type = factory.SubFactory(UnitTypeFactory)
    summary = "某单位问题概要"
    facts = "<p>某单位存在问题。</p>"
    characterisation = "违反工作纪律。"
    characterisation_basis = "<p>依据有关规定。</p>"

    class Meta:
        model = CasePage
        skip_postgeneration_save = True

    @factory.post_generation
    def classification(self, create, extracted, **kwargs):
        # Parental many-to-many values are written to the database only when the page is saved.
        self.categories.set(kwargs.get("categories", []))
        self.discovery_methods.set(kwargs.get("discovery_methods", []))
        if create:
            self.save()


class RegulationIndexPageFactory(wagtail_factories.PageFactory):
    title = "法规制度"
    slug = "regulations"
    show_in_menus = True
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = RegulationIndexPage


class RegulationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"测试办法{n}")
    slug = factory.Sequence(lambda n: f"regulation-{n}")

    class Meta:
        model = RegulationPage


class RegulationArticleFactory(DjangoModelFactory):
    regulation = factory.SubFactory(RegulationPageFactory)
    number = factory.Sequence(lambda n: n + 1)
    ordinal = factory.SelfAttribute("number")
    label = factory.LazyAttribute(lambda o: article_label(o.number))
    text = "为了测试，制定本办法。"

    class Meta:
        model = RegulationArticle


class CaseArticleLinkFactory(DjangoModelFactory):
    class Meta:
        model = CaseArticleLink


class GuideIndexPageFactory(wagtail_factories.PageFactory):
    title = "谈话指南"
    slug = "guides"
    show_in_menus = True
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = GuideIndexPage


class InterviewGuidePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"谈话指南{n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    interviewee_role = IntervieweeRole.TOP_LEADER
    topic = "主体责任"
    summary = "与主要负责人谈话。"

    class Meta:
        model = InterviewGuidePage


class InterviewQuestionFactory(DjangoModelFactory):
    question = factory.Sequence(lambda n: f"您如何落实第{n}项责任？")
    follow_ups = "请举一个具体例子。\n有没有会议记录？"
    watch_for = "只谈成绩不谈问题。"

    class Meta:
        model = InterviewQuestion
