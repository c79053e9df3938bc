"""Demo members (`seed --demo`) and bulk members (`seed --scale N`) with skills and domains."""

from __future__ import annotations

import random
import uuid
from typing import Any, TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from aitalent.accounts.models import User
from aitalent.core.models import Topic
from aitalent.messaging import services as messaging_services
from aitalent.people import evidence
from aitalent.people import services as people_services
from aitalent.people.models import Connection, ConnectionRequest, Endorsement, Profile, ProfileSkill
from aitalent.people.services import utc_offset_minutes
from aitalent.people.validators import LANGUAGE_CODES

DEMO_PASSWORD = "aitalent-demo"  # noqa: S105 - documented demo password

# (country code, city, timezone, first names, family names)
PLACES = [
    (
        "CN",
        "Beijing",
        "Asia/Shanghai",
        ["Wei", "Jing", "Hao", "Xin", "Yu", "Lei"],
        ["Li", "Wang", "Zhang", "Liu", "Chen"],
    ),
    (
        "CN",
        "Shenzhen",
        "Asia/Shanghai",
        ["Min", "Tao", "Yan", "Jun"],
        ["Zhao", "Huang", "Zhou", "Wu"],
    ),
    ("CN", "Hangzhou", "Asia/Shanghai", ["Fang", "Ming", "Lin"], ["Xu", "Sun", "Ma"]),
    (
        "IN",
        "Bengaluru",
        "Asia/Kolkata",
        ["Priya", "Arjun", "Ananya", "Rahul"],
        ["Sharma", "Iyer", "Reddy", "Nair"],
    ),
    (
        "US",
        "San Francisco",
        "America/Los_Angeles",
        ["Emily", "Jacob", "Maya", "Daniel"],
        ["Johnson", "Nguyen", "Patel", "Kim"],
    ),
    (
        "US",
        "Boston",
        "America/New_York",
        ["Olivia", "Ethan", "Sofia"],
        ["Brown", "Garcia", "Miller"],
    ),
    ("GB", "London", "Europe/London", ["Amelia", "Oliver", "Isla"], ["Smith", "Taylor", "Evans"]),
    ("DE", "Berlin", "Europe/Berlin", ["Lena", "Jonas", "Mia"], ["Müller", "Schmidt", "Weber"]),
    ("FR", "Paris", "Europe/Paris", ["Chloé", "Lucas", "Léa"], ["Martin", "Bernard", "Dubois"]),
    (
        "BR",
        "São Paulo",
        "America/Sao_Paulo",
        ["Ana", "Pedro", "Beatriz"],
        ["Silva", "Santos", "Oliveira"],
    ),
    ("NG", "Lagos", "Africa/Lagos", ["Chiamaka", "Tunde", "Ngozi"], ["Okafor", "Adeyemi", "Eze"]),
    (
        "KE",
        "Nairobi",
        "Africa/Nairobi",
        ["Wanjiru", "Otieno", "Akinyi"],
        ["Kamau", "Mwangi", "Odhiambo"],
    ),
    ("JP", "Tokyo", "Asia/Tokyo", ["Yuki", "Haruto", "Sakura"], ["Sato", "Suzuki", "Tanaka"]),
    ("SG", "Singapore", "Asia/Singapore", ["Mei", "Ryan", "Hui Min"], ["Tan", "Lim", "Ng"]),
    ("CA", "Toronto", "America/Toronto", ["Noah", "Chloe", "Liam"], ["Tremblay", "Roy", "Singh"]),
    (
        "ES",
        "Barcelona",
        "Europe/Madrid",
        ["Lucía", "Javier", "Marta"],
        ["García", "Fernández", "López"],
    ),
]

# archetype: (headline, organisation kinds, skill slugs to draw from, domain slugs)
ARCHETYPES = [
    (
        "NLP researcher working on multilingual language models",
        "university",
        [
            "natural-language-processing",
            "transformers",
            "large-language-models",
            "fine-tuning",
            "pytorch",
            "python",
            "information-retrieval",
            "retrieval-augmented-generation",
        ],
        ["education", "legal", "public-sector"],
    ),
    (
        "Computer vision engineer shipping models to the edge",
        "company",
        [
            "computer-vision",
            "object-detection",
            "image-segmentation",
            "deep-learning",
            "pytorch",
            "model-serving",
            "python",
            "convolutional-neural-networks",
        ],
        ["autonomous-driving", "manufacturing", "smart-city"],
    ),
    (
        "MLOps engineer: pipelines, serving and monitoring",
        "company",
        [
            "mlops",
            "model-serving",
            "experiment-tracking",
            "data-pipelines",
            "docker",
            "kubernetes",
            "python",
            "sql",
            "feature-stores",
        ],
        ["finance", "retail-and-e-commerce", "logistics"],
    ),
    (
        "Data scientist turning messy data into decisions",
        "company",
        [
            "machine-learning",
            "statistics",
            "scikit-learn",
            "sql",
            "python",
            "forecasting",
            "time-series",
            "causal-inference",
            "data-visualisation",
        ],
        ["finance", "retail-and-e-commerce", "healthcare"],
    ),
    (
        "PhD student in graph learning and recommender systems",
        "university",
        [
            "graph-learning",
            "graph-neural-networks",
            "recommender-systems",
            "collaborative-filtering",
            "link-prediction",
            "pytorch",
            "linear-algebra",
            "knowledge-graphs",
        ],
        ["retail-and-e-commerce", "media-and-entertainment", "scientific-discovery"],
    ),
    (
        "Medical imaging researcher",
        "hospital",
        [
            "computer-vision",
            "medical-imaging",
            "image-segmentation",
            "deep-learning",
            "pytorch",
            "explainability",
            "statistics",
        ],
        ["healthcare"],
    ),
    (
        "Reinforcement learning engineer for robotics",
        "lab",
        [
            "reinforcement-learning",
            "robotics",
            "deep-learning",
            "pytorch",
            "optimisation",
            "probability",
            "python",
        ],
        ["manufacturing", "autonomous-driving"],
    ),
    (
        "AI ethics and policy researcher",
        "university",
        [
            "ai-safety-and-ethics",
            "fairness",
            "explainability",
            "differential-privacy",
            "machine-learning",
            "statistics",
        ],
        ["public-sector", "legal", "education"],
    ),
    (
        "Undergraduate student learning machine learning",
        "university",
        ["python", "machine-learning", "linear-algebra", "calculus", "probability", "scikit-learn"],
        ["education", "climate-and-energy"],
    ),
    (
        "Time-series and forecasting specialist for energy grids",
        "company",
        ["time-series", "forecasting", "anomaly-detection", "machine-learning", "python", "sql"],
        ["climate-and-energy", "smart-city", "agriculture"],
    ),
    (
        "Generative AI engineer building LLM applications",
        "startup",
        [
            "generative-ai",
            "large-language-models",
            "prompt-engineering",
            "retrieval-augmented-generation",
            "python",
            "fine-tuning",
            "diffusion-models",
        ],
        ["education", "media-and-entertainment", "finance"],
    ),
    (
        "Speech and audio ML engineer",
        "company",
        ["speech-and-audio", "deep-learning", "transformers", "pytorch", "python"],
        ["media-and-entertainment", "healthcare"],
    ),
]
ORGS = {
    "university": [
        "Tsinghua University",
        "Zhejiang University",
        "IISc Bangalore",
        "ETH Zürich",
        "University of Toronto",
        "MIT",
        "University of Nairobi",
        "Sorbonne Université",
    ],
    "company": [
        "Shenzhen Robotics Co.",
        "Northwind Analytics",
        "Contoso AI",
        "Lagos Fintech",
        "Tokyo Mobility Labs",
        "Berlin Data Works",
    ],
    "hospital": ["Peking Union Medical College Hospital", "Charité Berlin", "Apollo Hospitals"],
    "lab": ["Open Robotics Lab", "Shanghai AI Lab", "Vector Institute"],
    "startup": ["LingoLeap", "PromptForge", "GreenGrid AI", "MedSight"],
}
BIOS = [
    "I like turning research ideas into tools people actually use. Happy to review papers and "
    "pair on experiments.",
    "Organiser of a local AI reading group. Ask me about reproducibility and clean baselines.",
    "Currently exploring how to make models cheaper to train and easier to explain.",
    "Looking for collaborators on open datasets for under-served languages.",
    "Mentor for students entering machine learning; I answer questions on the forum most weekends.",
]


DEMO_MEMBERS = 320
ROLES = {
    "university": ["PhD student", "Postdoctoral researcher", "Assistant professor", "Professor"],
    "company": ["ML engineer", "Senior data scientist", "Staff engineer", "Engineering manager"],
    "hospital": ["Clinical data scientist", "Radiologist and AI lead", "Research fellow"],
    "lab": ["Research scientist", "Research engineer", "Lab director"],
    "startup": ["Founder", "CTO", "Founding engineer", "ML engineer"],
}
USES = [
    "Used {topic} daily in production for two years",
    "Applied {topic} in my thesis experiments",
    "Built internal tools with {topic}",
    "Taught a workshop on {topic}",
    "Shipped a customer-facing feature with {topic}",
]
HEADLINES_ZH = {
    "NLP researcher working on multilingual language models": "多语言大模型方向的 NLP 研究员",
    "Computer vision engineer shipping models to the edge": "把视觉模型部署到端侧的视觉工程师",
    "MLOps engineer: pipelines, serving and monitoring": "MLOps 工程师：数据管道、模型服务与监控",
    "Data scientist turning messy data into decisions": "把杂乱数据变成决策的数据科学家",
    "PhD student in graph learning and recommender systems": "图学习与推荐系统方向的博士生",
    "Medical imaging researcher": "医学影像研究员",
    "Reinforcement learning engineer for robotics": "机器人强化学习工程师",
    "AI ethics and policy researcher": "人工智能伦理与政策研究员",
    "Undergraduate student learning machine learning": "正在学习机器学习的本科生",
    "Time-series and forecasting specialist for energy grids": "电网时间序列预测专家",
    "Generative AI engineer building LLM applications": "构建大模型应用的生成式 AI 工程师",
    "Speech and audio ML engineer": "语音与音频机器学习工程师",
}
BIOS_ZH = [
    "喜欢把研究想法变成大家真正会用的工具，欢迎一起讨论论文和做实验。",
    "本地 AI 读书会的组织者，关注可复现性和扎实的基线。",
    "正在探索如何让模型训练更便宜、更容易解释。",
    "希望和大家一起为资源较少的语言建设开放数据集。",
    "周末常在论坛回答问题，乐于指导刚入门机器学习的同学。",
]


def _seed_network(rng: random.Random) -> dict[str, int]:
    """Connections clustered by organisation and domain, endorsements along them, and a few
    conversations and pending requests for the demo member."""
    profiles = list(Profile.objects.select_related("user").prefetch_related("domains", "skills"))
    by_org: dict[str, list[Profile]] = {}
    by_domain: dict[int, list[Profile]] = {}
    for profile in profiles:
        by_org.setdefault(profile.organisation, []).append(profile)
        for domain in profile.domains.all():
            by_domain.setdefault(domain.id, []).append(profile)
    pairs: set[tuple[int, int]] = set()

    def link(a: Profile, b: Profile) -> None:
        if a.user_id != b.user_id:
            pairs.add((min(a.user_id, b.user_id), max(a.user_id, b.user_id)))

    for group, chance in [(list(by_org.values()), 0.35), (list(by_domain.values()), 0.04)]:
        for members in group:
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    if rng.random() < chance:
                        link(a, b)
    for a in profiles:  # weak ties across clusters
        for b in rng.sample(profiles, k=2):
            if rng.random() < 0.3:
                link(a, b)
    demo = next(p for p in profiles if p.user.handle == "demo")
    for other in rng.sample([p for p in profiles if p.user.handle != "demo"], k=24):
        link(demo, other)
    Connection.objects.bulk_create(
        [Connection(user_id=a, other_id=b) for a, b in pairs]
        + [Connection(user_id=b, other_id=a) for a, b in pairs],
        ignore_conflicts=True,
    )
    skills_by_user = {p.user_id: list(p.skills.all()) for p in profiles}
    endorsements = []
    for a, b in pairs:
        for endorser, owner in ((a, b), (b, a)):
            if skills_by_user[owner] and rng.random() < 0.35:
                endorsements.append(
                    Endorsement(
                        endorser_id=endorser,
                        skill=rng.choice(skills_by_user[owner]),
                        context=rng.choice(["", "", "We worked together on a shared project."]),
                    )
                )
    Endorsement.objects.bulk_create(endorsements, ignore_conflicts=True)
    all_skills = [s for skills in skills_by_user.values() for s in skills]
    for _ in range(2):  # a second pass lets endorsers' own evidence weigh in
        evidence.refresh(all_skills)
    connected = [
        p for p in profiles if (min(demo.user_id, p.user_id), max(demo.user_id, p.user_id)) in pairs
    ]
    strangers = [p for p in profiles if p not in connected and p.user_id != demo.user_id]
    for requester in rng.sample(strangers, k=3):
        ConnectionRequest.objects.get_or_create(
            from_user=requester.user,
            to_user=demo.user,
            status=ConnectionRequest.Status.PENDING,
            defaults={"note": "Hi! I saw your work on forecasting. Let's connect."},
        )
    conversations = 0
    lines = [
        ("Hi Dana, are you joining the reading group on causal inference?", "Yes! Thursday works."),
        ("Could you review my feature-store design doc?", "Sure, send it over."),
        ("Thanks for the endorsement!", "You earned it: the forecasting work was great."),
    ]
    for other, (first, reply) in zip(connected[:3], lines, strict=False):
        conversation = messaging_services.start_conversation(
            creator=other.user, recipients=[demo.user], body=first
        )
        messaging_services.send_message(conversation=conversation, sender=demo.user, body=reply)
        conversations += 1
    if len(connected) >= 4:
        group = messaging_services.start_conversation(
            creator=demo.user,
            recipients=[p.user for p in connected[3:6]],
            body="Welcome to the **time-series study group**! First up: probabilistic forecasts.",
            title="Time-series study group",
        )
        messaging_services.send_message(
            conversation=group, sender=connected[3].user, body="Count me in."
        )
        conversations += 1
    return {
        "connections": len(pairs),
        "endorsements": len(endorsements),
        "conversations": conversations,
    }


def _skill_topics(slugs: list[str], by_slug: dict[str, Topic], rng: random.Random) -> list[Topic]:
    chosen = [by_slug[s] for s in slugs if s in by_slug]
    if len(chosen) < 3:  # the taxonomy may rename a slug; keep members believable anyway
        skills = [t for t in by_slug.values() if t.kind == Topic.Kind.SKILL]
        chosen += rng.sample(skills, k=min(4, len(skills)))
    rng.shuffle(chosen)
    return chosen[: rng.randint(3, min(7, len(chosen)))]


def _create_member(
    *,
    email: str,
    handle: str,
    name: str,
    password_hash: str,
    staff: bool,
    place: tuple,
    archetype: tuple,
    by_slug: dict[str, Topic],
    rng: random.Random,
    joined_days_ago: int,
) -> User:
    country, city, tz, _, _ = place
    headline, org_kind, skill_slugs, domain_slugs = archetype
    user = User(
        email=email,
        handle=handle,
        display_name=name,
        is_staff=staff,
        is_superuser=staff,
        timezone=tz,
        language="zh-hans" if country == "CN" and rng.random() < 0.7 else "en",
        password=password_hash,
    )
    user.full_clean(exclude=["password"])
    user.save()
    User.objects.filter(pk=user.pk).update(
        date_joined=timezone.now()
        - timezone.timedelta(days=joined_days_ago, hours=rng.randint(0, 23))
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    chinese = user.language == "zh-hans"
    profile = Profile.objects.create(
        user=user,
        headline=HEADLINES_ZH.get(headline, headline) if chinese else headline,
        bio=rng.choice(BIOS_ZH if chinese else BIOS),
        country=country,
        city=city,
        organisation=rng.choice(ORGS[org_kind]),
        role=rng.choice(ROLES[org_kind]),
        languages=_scale_languages(country, rng),
        utc_offset_minutes=_OFFSETS[tz],
        last_active_at=timezone.now() - timezone.timedelta(hours=rng.randint(1, 24 * 60)),
        is_open_to_work=rng.random() < 0.2,
        is_looking_for_team=rng.random() < 0.1,
        weekly_hours=rng.choice([None, 2, 4, 6, 10]),
        github=f"https://github.com/{handle}" if rng.random() < 0.5 else "",
        huggingface=f"https://huggingface.co/{handle}" if rng.random() < 0.3 else "",
        is_open_to_mentoring=rng.random() < 0.3,
        is_looking_for_mentor=rng.random() < 0.25,
        is_open_to_collaboration=rng.random() < 0.8,
        visibility=rng.choices(["public", "members", "connections"], weights=[80, 15, 5])[0],
    )
    seniority = rng.choice([1, 2, 3, 3, 4, 4, 5])
    ProfileSkill.objects.bulk_create(
        [
            ProfileSkill(
                profile=profile,
                topic=topic,
                level=max(1, min(5, seniority + rng.choice([-1, 0, 0, 1]))),
                years=max(0, seniority * 2 + rng.randint(-2, 2)),
                how_used=rng.choice(USES).format(topic=topic.name_en),
            )
            for topic in _skill_topics(skill_slugs, by_slug, rng)
        ]
    )
    profile.domains.set([by_slug[d] for d in domain_slugs if d in by_slug][: rng.randint(1, 2)])
    people_services.refresh_search_vector(profile=profile)
    return user


@transaction.atomic
def seed_demo(*, out: TextIO, seed: int = 42) -> None:
    if User.objects.filter(email="demo@example.com").exists():
        out.write("Demo members already present; nothing to do.\n")
        return
    rng = random.Random(seed)
    by_slug = {t.slug: t for t in Topic.objects.all()}
    password_hash = make_password(DEMO_PASSWORD)
    _create_member(
        email="admin@example.com",
        handle="admin-demo",
        name="Ada Admin",
        password_hash=password_hash,
        staff=True,
        place=PLACES[6],
        archetype=ARCHETYPES[2],
        by_slug=by_slug,
        rng=rng,
        joined_days_ago=400,
    )
    _create_member(
        email="demo@example.com",
        handle="demo",
        name="Dana Demo",
        password_hash=password_hash,
        staff=False,
        place=PLACES[4],
        archetype=ARCHETYPES[3],
        by_slug=by_slug,
        rng=rng,
        joined_days_ago=120,
    )
    used = {"admin-demo", "demo"}
    count = 0
    for index in tqdm(
        range(DEMO_MEMBERS), desc="demo members", file=out, leave=False, disable=None
    ):
        place = PLACES[index % len(PLACES)]
        first, last = rng.choice(place[3]), rng.choice(place[4])
        name = f"{last} {first}" if place[0] in {"CN", "JP"} else f"{first} {last}"
        base = "".join(
            ch for ch in f"{first}-{last}".lower() if ch.isascii() and (ch.isalnum() or ch == "-")
        )
        handle, suffix = base[:26], 2
        while handle in used:
            handle, suffix = f"{base[:24]}{suffix}", suffix + 1
        used.add(handle)
        _create_member(
            email=f"{handle}@example.com",
            handle=handle,
            name=name,
            password_hash=password_hash,
            staff=False,
            place=place,
            archetype=ARCHETYPES[index % len(ARCHETYPES)],
            by_slug=by_slug,
            rng=rng,
            joined_days_ago=rng.randint(1, 365),
        )
        count += 1
    stats = _seed_network(rng)
    out.write(
        f"Network: {stats['connections']} connections, {stats['endorsements']} endorsements, "
        f"{stats['conversations']} conversations for the demo member.\n"
    )
    out.write(
        f"Created {count + 2} demo members. Log in with password {DEMO_PASSWORD!r}:\n"
        "  demo@example.com   (member)\n  admin@example.com  (staff, /admin/)\n"
    )


_OFFSETS = {place[2]: utc_offset_minutes(place[2]) for place in PLACES}
LANGUAGES_BY_COUNTRY = {
    "CN": ["zh"],
    "IN": ["hi", "en"],
    "US": ["en"],
    "GB": ["en"],
    "DE": ["de"],
    "FR": ["fr"],
    "BR": ["pt"],
    "NG": ["en", "yo"],
    "KE": ["sw", "en"],
    "JP": ["ja"],
    "SG": ["en", "zh"],
    "CA": ["en", "fr"],
    "ES": ["es", "ca"],
}


def _scale_languages(country: str, rng: random.Random) -> list[str]:
    spoken = list(LANGUAGES_BY_COUNTRY.get(country, ["en"]))
    if "en" not in spoken and rng.random() < 0.7:
        spoken.append("en")
    return [code for code in spoken if code in LANGUAGE_CODES]


def _copy(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def seed_scale(*, n: int, out: TextIO, seed: int = 42) -> None:
    """Bulk members with profiles and skills through COPY (one round trip per table and batch)."""
    rng = random.Random(seed)
    skills = list(Topic.objects.filter(kind=Topic.Kind.SKILL).values_list("id", flat=True))
    domains = list(Topic.objects.filter(kind=Topic.Kind.DOMAIN).values_list("id", flat=True))
    password_hash = make_password(DEMO_PASSWORD)
    now = timezone.now()
    tag = uuid.uuid4().hex[:6]
    batch = 5000
    progress = tqdm(total=n, desc="scale members", file=out, unit="member", disable=None)
    done = 0
    while done < n:
        size = min(batch, n - done)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('accounts_user', 'id')) "
                    "FROM generate_series(1, %s)",
                    [size],
                )
                user_ids = [row[0] for row in cursor.fetchall()]
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('people_profile', 'id')) "
                    "FROM generate_series(1, %s)",
                    [size],
                )
                profile_ids = [row[0] for row in cursor.fetchall()]
            users, emails, profiles, profile_skills, profile_domains = [], [], [], [], []
            for offset, (user_id, profile_id) in enumerate(zip(user_ids, profile_ids, strict=True)):
                i = done + offset
                handle = f"m{tag}{i}"
                email = f"{handle}@scale.example.com"
                place = PLACES[i % len(PLACES)]
                users.append(
                    (
                        user_id,
                        password_hash,
                        False,
                        False,
                        True,
                        now,
                        email,
                        handle,
                        f"Member {i}",
                        uuid.uuid4(),
                        "en",
                        place[2],
                    )
                )
                emails.append((user_id, email, True, True))
                profiles.append(
                    (
                        profile_id,
                        user_id,
                        now,
                        now,
                        "AI practitioner",
                        "",
                        place[0],
                        place[1],
                        "",
                        "public",
                        False,
                        True,
                        False,
                        "{" + ",".join(_scale_languages(place[0], rng)) + "}",
                        _OFFSETS[place[2]],
                        now - timezone.timedelta(minutes=rng.randint(0, 60 * 24 * 180)),
                        rng.random() < 0.15,
                        rng.random() < 0.08,
                    )
                )
                for topic_id in rng.sample(skills, k=min(len(skills), rng.randint(3, 8))):
                    profile_skills.append((profile_id, topic_id, rng.randint(1, 5)))
                for topic_id in rng.sample(domains, k=min(len(domains), rng.randint(0, 2))):
                    profile_domains.append((profile_id, topic_id))
            _copy(
                "accounts_user",
                [
                    "id",
                    "password",
                    "is_superuser",
                    "is_staff",
                    "is_active",
                    "date_joined",
                    "email",
                    "handle",
                    "display_name",
                    "public_id",
                    "language",
                    "timezone",
                ],
                users,
            )
            _copy("account_emailaddress", ["user_id", "email", "verified", '"primary"'], emails)
            _copy(
                "people_profile",
                [
                    "id",
                    "user_id",
                    "created_at",
                    "updated_at",
                    "headline",
                    "bio",
                    "country",
                    "city",
                    "organisation",
                    "visibility",
                    "is_open_to_mentoring",
                    "is_open_to_collaboration",
                    "is_looking_for_mentor",
                    "languages",
                    "utc_offset_minutes",
                    "last_active_at",
                    "is_open_to_work",
                    "is_looking_for_team",
                ],
                profiles,
            )
            _copy("people_profileskill", ["profile_id", "topic_id", "level"], profile_skills)
            _copy("people_profile_domains", ["profile_id", "topic_id"], profile_domains)
            with connection.cursor() as cursor:
                # Bulk names and headlines are ASCII: no segmentation needed for the search text.
                cursor.execute(
                    "UPDATE people_profile p SET search_vector = to_tsvector('simple', "
                    "u.display_name || ' ' || u.handle || ' ' || p.headline || ' ' || p.bio) "
                    "FROM accounts_user u WHERE u.id = p.user_id AND p.id = ANY(%s)",
                    [profile_ids],
                )
        done += size
        progress.update(size)
    progress.close()
    with connection.cursor() as cursor:
        # Fresh statistics: without them the planner believes the tables are still tiny.
        for table in ["accounts_user", "people_profile", "people_profileskill"]:
            cursor.execute(f"ANALYZE {table}")
        cursor.execute("ANALYZE people_profile_domains")
    out.write(f"Created {n} members with skills (password {DEMO_PASSWORD!r}).\n")
