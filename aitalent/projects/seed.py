"""Demo projects (25, every stage, many domains, English and Chinese) with roles, teams,
milestones, tasks, applications, invitations and 8 resource offers; `--scale N` bulk projects."""

from __future__ import annotations

import contextlib
import random
from datetime import timedelta
from typing import Any, TextIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from aitalent.core.models import Topic
from aitalent.projects import services
from aitalent.projects.models import (
    STAGE_ORDER,
    Membership,
    Offer,
    Project,
    Role,
    RoleSkill,
    Stage,
    StageChange,
    Task,
)

SEED_ORDER = 620  # after people (members) and events

# name, pitch, domains, topics, stage, language, roles: (title, {skill: level}, slots, hours)
PROJECTS: list[tuple[str, str, list[str], list[str], str, str, list[Any]]] = [
    (
        "Chest X-ray triage",
        "Flags urgent chest X-rays so radiologists read them first.",
        ["medical-imaging", "healthcare"],
        ["computer-vision", "pytorch", "model-evaluation"],
        "building",
        "en",
        [
            ("ML engineer", {"pytorch": 4, "image-classification": 3}, 2, 15),
            ("MLOps engineer", {"mlops": 3, "model-serving": 3}, 1, 10),
        ],
    ),
    (
        "Smart traffic lights",
        "Adaptive signal timing from camera counts at 40 junctions.",
        ["smart-city", "intelligent-transportation"],
        ["reinforcement-learning", "object-detection"],
        "pilot",
        "en",
        [
            ("RL researcher", {"reinforcement-learning": 4, "python": 3}, 1, 10),
            ("Edge deployment", {"edge-ai": 3, "model-compression": 3}, 1, 8),
        ],
    ),
    (
        "Maths tutoring assistant",
        "A patient step-by-step tutor for secondary-school algebra.",
        ["education", "intelligent-tutoring"],
        ["large-language-models", "prompt-engineering"],
        "forming",
        "en",
        [
            (
                "LLM engineer",
                {"large-language-models": 3, "retrieval-augmented-generation": 3},
                2,
                10,
            ),
            ("Evaluation lead", {"llm-evaluation": 3}, 1, 5),
        ],
    ),
    (
        "智能交通流量预测",
        "基于时空图神经网络的城市道路流量预测。",
        ["smart-city", "intelligent-transportation"],
        ["graph-neural-networks", "forecasting"],
        "building",
        "zh-hans",
        [
            ("图神经网络工程师", {"graph-neural-networks": 4, "pytorch": 3}, 1, 12),
            ("数据工程师", {"data-pipelines": 3, "sql": 3}, 1, 8),
        ],
    ),
    (
        "中文作文自动批改",
        "为中学语文老师自动批改作文并给出修改建议。",
        ["education", "automated-assessment"],
        ["chinese-nlp", "large-language-models"],
        "idea",
        "zh-hans",
        [("中文NLP工程师", {"chinese-nlp": 4, "fine-tuning": 3}, 1, 10)],
    ),
    (
        "Crop disease spotter",
        "Phone photos of leaves → disease and treatment advice offline.",
        ["agriculture"],
        ["image-classification", "edge-ai"],
        "launched",
        "en",
        [("Mobile ML engineer", {"edge-ai": 4, "quantisation": 3}, 1, 10)],
    ),
    (
        "Grid load forecaster",
        "Day-ahead load forecasts for a regional distribution grid.",
        ["climate-and-energy", "smart-grid"],
        ["forecasting", "time-series"],
        "pilot",
        "en",
        [("Forecasting scientist", {"forecasting": 4, "deep-learning-for-time-series": 3}, 1, 10)],
    ),
    (
        "Fraud ring detector",
        "Graph analytics that find coordinated fraud in card payments.",
        ["finance", "fraud-detection"],
        ["graph-learning", "anomaly-detection"],
        "building",
        "en",
        [("Graph ML engineer", {"graph-neural-networks": 3, "anomaly-detection": 3}, 1, 15)],
    ),
    (
        "Open legal QA",
        "Answers tenants' questions with citations to housing law.",
        ["legal"],
        ["retrieval-augmented-generation", "question-answering"],
        "forming",
        "en",
        [
            ("RAG engineer", {"retrieval-augmented-generation": 4, "vector-databases": 3}, 1, 10),
            ("Legal reviewer", {"llm-evaluation": 2}, 1, 4),
        ],
    ),
    (
        "Wildfire smoke nowcast",
        "Satellite-based smoke plume nowcasts for public alerts.",
        ["earth-observation", "weather-and-climate-modelling"],
        ["computer-vision", "forecasting"],
        "idea",
        "en",
        [("Remote sensing ML", {"image-segmentation": 3, "pytorch": 3}, 2, 10)],
    ),
    (
        "Factory visual inspection",
        "Defect detection on PCB lines with few labelled images.",
        ["manufacturing", "industrial-visual-inspection"],
        ["anomaly-detection", "object-detection"],
        "launched",
        "en",
        [("Vision engineer", {"object-detection": 4, "data-labelling": 2}, 1, 20)],
    ),
    (
        "工业设备预测性维护",
        "通过振动信号预测风机故障，减少停机时间。",
        ["manufacturing", "predictive-maintenance"],
        ["signal-processing", "time-series"],
        "pilot",
        "zh-hans",
        [("信号处理工程师", {"signal-processing": 4, "python": 3}, 1, 10)],
    ),
    (
        "Protein binder design",
        "Diffusion models proposing binders for neglected targets.",
        ["scientific-discovery", "protein-structure-prediction"],
        ["diffusion-models", "jax"],
        "building",
        "en",
        [("Generative modelling", {"diffusion-models": 4, "jax": 3}, 1, 15)],
    ),
    (
        "Speech for dialects",
        "ASR for under-served Chinese dialects with community recordings.",
        ["ai-for-social-good"],
        ["automatic-speech-recognition", "chinese-nlp"],
        "forming",
        "en",
        [
            ("Speech engineer", {"automatic-speech-recognition": 4, "pytorch": 3}, 1, 10),
            ("Community data lead", {"data-labelling": 3}, 1, 5),
        ],
    ),
    (
        "Clinical notes summariser",
        "Discharge summaries drafted from clinical notes for review.",
        ["healthcare", "clinical-decision-support"],
        ["text-summarisation", "fine-tuning"],
        "idea",
        "en",
        [
            ("NLP engineer", {"text-summarisation": 3, "fine-tuning": 3}, 1, 10),
            ("Privacy engineer", {"differential-privacy": 3}, 1, 5),
        ],
    ),
    (
        "Bus arrival predictor",
        "Accurate arrival times for a city's 300 bus lines.",
        ["smart-city", "logistics"],
        ["forecasting", "spatio-temporal-modelling"],
        "launched",
        "en",
        [("Data scientist", {"forecasting": 3, "sql": 3}, 1, 8)],
    ),
    (
        "Reading buddy for kids",
        "A voice reading companion that adapts to each child's level.",
        ["education", "intelligent-tutoring"],
        ["text-to-speech", "dialogue-systems"],
        "idea",
        "en",
        [("Voice UX engineer", {"text-to-speech": 3, "dialogue-systems": 3}, 1, 10)],
    ),
    (
        "医学影像肺结节检测",
        "CT影像中肺结节的自动检测与良恶性评估。",
        ["medical-imaging", "healthcare"],
        ["object-detection", "3d-vision"],
        "building",
        "zh-hans",
        [
            ("医学影像算法工程师", {"object-detection": 4, "3d-vision": 3}, 1, 15),
            ("临床评估", {"model-evaluation": 3}, 1, 5),
        ],
    ),
    (
        "Shelf stock monitor",
        "Cameras count shelf gaps and alert staff in real time.",
        ["retail-and-e-commerce"],
        ["object-detection", "edge-ai"],
        "pilot",
        "en",
        [("Edge vision engineer", {"object-detection": 3, "edge-ai": 3}, 1, 10)],
    ),
    (
        "Credit model fairness audit",
        "Open tooling to audit credit models for disparate impact.",
        ["finance", "credit-risk"],
        ["fairness", "explainability"],
        "forming",
        "en",
        [("Fairness researcher", {"fairness": 4, "statistics": 3}, 1, 8)],
    ),
    (
        "Flood map from SAR",
        "Flood extent maps from radar satellites within hours.",
        ["earth-observation", "ai-for-social-good"],
        ["semantic-segmentation"],
        "building",
        "en",
        [("Segmentation engineer", {"semantic-segmentation": 4, "pytorch": 3}, 1, 10)],
    ),
    (
        "Recipe recommender",
        "Healthy recipes from what is in your fridge.",
        ["retail-and-e-commerce"],
        ["recommender-systems", "content-based-filtering"],
        "idea",
        "en",
        [("Recommender engineer", {"recommender-systems": 3, "python": 3}, 1, 6)],
    ),
    (
        "Phishing email shield",
        "A browser extension that explains why an email looks like phishing.",
        ["cybersecurity"],
        ["text-classification", "explainability"],
        "launched",
        "en",
        [("Security ML engineer", {"text-classification": 3, "adversarial-robustness": 3}, 1, 8)],
    ),
    (
        "智慧课堂学情分析",
        "分析课堂互动数据，帮助老师发现需要帮助的学生。",
        ["education", "automated-assessment"],
        ["machine-learning", "data-visualisation"],
        "forming",
        "zh-hans",
        [
            ("数据分析师", {"data-visualisation": 3, "statistics": 3}, 1, 8),
            ("后端工程师", {"python": 3, "sql": 3}, 1, 8),
        ],
    ),
    (
        "Warehouse robot picking",
        "Grasp planning for mixed items in small warehouses.",
        ["logistics", "manufacturing"],
        ["robot-learning", "motion-planning"],
        "idea",
        "en",
        [("Robotics engineer", {"robot-learning": 4, "ros": 3}, 1, 15)],
    ),
]

# title, kind, amount, domains, stages, topics, language
OFFERS = [
    (
        "GPU credits for health AI",
        "compute",
        "5,000 A100 GPU hours",
        ["healthcare", "medical-imaging"],
        ["forming", "building"],
        [],
        "en",
    ),
    (
        "Cloud credits for early teams",
        "cloud",
        "USD 10,000 cloud credits",
        [],
        ["idea", "forming"],
        [],
        "en",
    ),
    (
        "Seed grant: AI for education",
        "funding",
        "USD 25,000",
        ["education"],
        ["building", "pilot"],
        [],
        "en",
    ),
    (
        "Mentoring by MLOps practitioners",
        "mentoring",
        "20 hours over 3 months",
        [],
        ["building", "pilot"],
        ["mlops"],
        "en",
    ),
    (
        "Labelled traffic video data set",
        "dataset",
        "2,000 h of annotated junction video",
        ["smart-city", "intelligent-transportation"],
        [],
        ["object-detection"],
        "en",
    ),
    (
        "智慧城市算力支持",
        "compute",
        "1,000 小时 GPU 算力",
        ["smart-city"],
        ["building", "pilot"],
        [],
        "zh-hans",
    ),
    (
        "Climate tech micro-grants",
        "funding",
        "EUR 5,000",
        ["climate-and-energy", "earth-observation"],
        [],
        [],
        "en",
    ),
    ("教育公益项目导师", "mentoring", "每月 4 小时", ["education"], [], [], "zh-hans"),
]

MILESTONES = [
    ("Prototype", "Data pipeline", "Train baseline", "Error analysis"),
    ("Pilot with partners", "Deploy to staging", "Collect feedback", "Write report"),
]


def _topics(slugs: list[str]) -> list[Topic]:
    return list(Topic.objects.filter(slug__in=slugs))


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if Project.objects.exists():
        return
    rng = random.Random(seed)
    members = list(get_user_model().objects.filter(is_active=True).order_by("pk"))
    if len(members) < 30:
        return
    demo = next((m for m in members if m.email == "demo@example.com"), members[0])
    others = [m for m in members if m.pk != demo.pk]
    now = timezone.now()
    projects = []
    for i, (name, pitch, domains, topics, stage, language, roles) in enumerate(PROJECTS):
        owner = demo if i in (0, 3) else rng.choice(others)
        project = services.create_project(
            creator=owner,
            name=name,
            pitch=pitch,
            problem=pitch,
            description=f"**{pitch}**\n\nWe meet weekly and welcome contributors.",
            domains=_topics(domains),
            topics=_topics(topics),
            language=language,
            timezone="Asia/Shanghai" if language == "zh-hans" else "Europe/Berlin",
            visibility="private" if i == 24 else ("members" if i % 7 == 6 else "public"),
            repository_url=f"https://github.com/example/project-{i}",
        )
        for later in STAGE_ORDER[1 : STAGE_ORDER.index(stage) + 1]:
            services.set_stage(project=project, by=owner, stage=later)
        created_roles = []
        for title, skills, slots, hours in roles:
            created_roles.append(
                services.create_role(
                    project=project,
                    by=owner,
                    title=title,
                    slots=slots,
                    hours_per_week=hours,
                    skills=[(t, skills[t.slug]) for t in _topics(list(skills))],
                )
            )
        team = rng.sample([m for m in others if m.pk != owner.pk], k=rng.randint(1, 3))
        for member in team:
            role = created_roles[0] if stage in ("pilot", "launched") else None
            try:
                invitation = services.invite_member(
                    project=project, by=owner, invitee=member, role=role
                )
            except ValidationError:  # a block between them: skip this one
                continue
            services.respond_to_invitation(invitation=invitation, by=member, accept=True)
        if stage in ("pilot", "launched"):
            for membership in project.memberships.filter(role__isnull=False)[:1]:
                services.mark_delivered(membership=membership, by=owner)
        # Pending applications and invitations on open roles.
        open_roles = [r for r in created_roles if Role.objects.get(pk=r.pk).is_open]
        outsiders = [m for m in others if not project.memberships.filter(user=m).exists()]
        for role in open_roles[:1]:
            for applicant in rng.sample(outsiders, k=2):
                try:
                    services.apply_to_role(
                        role=role, user=applicant, message="I'd love to help: I did similar work."
                    )
                except ValidationError:  # blocked by a maintainer
                    continue
        if i == 2:
            with contextlib.suppress(ValidationError):  # a block between them
                services.invite_member(
                    project=project, by=owner, invitee=demo, role=created_roles[0]
                )
        if stage != "idea":
            people = [owner, *team]
            for m_index, (m_title, *tasks) in enumerate(MILESTONES):
                milestone = services.create_milestone(
                    project=project,
                    by=owner,
                    title=m_title,
                    due_on=(now + timedelta(days=30 * (m_index + 1))).date(),
                    status="active" if m_index == 0 else "planned",
                )
                for t_index, title in enumerate(tasks):
                    status = ["done", "doing", "todo"][min(t_index + m_index, 2)]
                    services.create_task(
                        project=project,
                        by=owner,
                        title=title,
                        milestone=milestone,
                        assignee=rng.choice(people),
                        status=status,
                    )
            services.post_update(
                project=project,
                by=owner,
                title="Progress update",
                body=f"We reached “{project.get_stage_display()}”.",
            )
        projects.append(project)
    offerers = rng.sample(others, k=4)
    public = [p for p in projects if p.visibility == "public"]
    for j, (title, kind, amount, domains, stages, topic_slugs, _language) in enumerate(OFFERS):
        offer = services.create_offer(
            by=offerers[j % len(offerers)],
            title=title,
            kind=kind,
            amount=amount,
            description=f"{title}. Apply with a short case.",
            organisation=["OpenCompute Foundation", "", "EdTech Fund", ""][j % 4],
            domains=_topics(domains),
            topics=_topics(topic_slugs),
            stages=stages,
            deadline=(now + timedelta(days=20 + 10 * j)).date(),
        )
        from aitalent.projects import matching

        ranked = sorted(public, key=lambda p: -matching.offer_fit(offer=offer, project=p).score)
        for k, project in enumerate(ranked[:3]):
            maintainer = project.memberships.filter(kind=Membership.Kind.MAINTAINER).first()
            if maintainer is None or maintainer.user_id == offer.offered_by_id:
                continue
            row = services.apply_to_offer(
                offer=offer,
                project=project,
                by=maintainer.user,
                case="This would speed up our next milestone.",
            )
            if k == 0:
                services.decide_offer_application(
                    application=row, by=offer.offered_by, status="accepted"
                )
            elif k == 1:
                services.decide_offer_application(
                    application=row, by=offer.offered_by, status="shortlisted"
                )
    out.write(
        f"projects: {Project.objects.count()} projects, {Role.objects.count()} roles, "
        f"{Offer.objects.count()} offers\n"
    )


def seed_scale(*, n: int, out: TextIO, seed: int = 42) -> None:
    """About one project per 20 members (at most 20,000), each with two roles and its maintainer.

    Bulk-inserted load data for the directory, matching and skill-demand queries.
    """
    users = list(
        get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    count = min(max(n // 20, 1), 20_000, len(users))
    if not count:
        return
    rng = random.Random(seed)
    skills = list(Topic.objects.filter(kind=Topic.Kind.SKILL).values_list("pk", flat=True))
    domains = list(Topic.objects.filter(kind=Topic.Kind.DOMAIN).values_list("pk", flat=True))
    tag = f"{timezone.now():%Y%m%d%H%M%S}"
    stages = [s.value for s in Stage]
    with transaction.atomic():
        projects = Project.objects.bulk_create(
            [
                Project(
                    name=f"Scale project {i}",
                    slug=f"scale-{tag}-{i}",
                    pitch="Synthetic load data.",
                    stage=rng.choice(stages),
                    created_by_id=users[i % len(users)],
                    open_role_count=2,
                    member_count=1,
                )
                for i in range(count)
            ],
            batch_size=2000,
        )
        Membership.objects.bulk_create(
            [
                Membership(project=p, user_id=p.created_by_id, kind=Membership.Kind.MAINTAINER)
                for p in projects
            ],
            batch_size=2000,
        )
        StageChange.objects.bulk_create(
            [StageChange(project=p, stage=p.stage) for p in projects], batch_size=2000
        )
        Project.domains.through.objects.bulk_create(
            [
                Project.domains.through(project_id=p.pk, topic_id=rng.choice(domains))
                for p in projects
            ],
            batch_size=2000,
        )
        roles = Role.objects.bulk_create(
            [
                Role(project=p, title=f"Role {k}", hours_per_week=rng.choice([5, 10, 20]))
                for p in projects
                for k in range(2)
            ],
            batch_size=2000,
        )
        RoleSkill.objects.bulk_create(
            [
                RoleSkill(role=r, topic_id=t, min_level=rng.randint(1, 5))
                for r in roles
                for t in rng.sample(skills, k=3)
            ],
            batch_size=5000,
        )
        Task.objects.bulk_create(
            [
                Task(
                    project=p, title="Synthetic task", status=rng.choice(["todo", "doing", "done"])
                )
                for p in projects
                for _ in range(3)
            ],
            batch_size=5000,
        )
    out.write(f"projects: {count} scale projects with {len(roles)} roles\n")
