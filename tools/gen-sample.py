#!/usr/bin/env python3
"""Generate the sample county ledgers in data/ (deterministic).

The sample is three months (2026-09 .. 2026-11, up to the 20th) of 蓝田县 as
its plan says (data/ysh.ini): every unit takes part at least once a month in
the kinds its role does, with the named steps of each kind (跟执法: 执法检查,
案件处理, 案卷评查, no 服务回访); every 服务回访 step has its callbacks, to
people served in the previous month (上月内); problems are found, struck off,
looked back at (one comes back: 反弹) and one is handed over (转交);
enforcement units file their inspections ahead; complaints and 12345 work
orders are received, replied to and closed, and each month's 处投诉 units are
the two with most orders the month before ([roster] of ysh.ini); a few typical
cases are published.  It is built to check clean
with --today 2026-11-23.

    python3 tools/gen-sample.py data
"""
import csv
import datetime as dt
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "data"
rng = random.Random(20261123)
TODAY = dt.date(2026, 11, 23)
LAST = dt.date(2026, 11, 20)

UNITS = {}
section = ""
for line in open(f"{OUT}/ysh.ini", encoding="utf-8"):
    line = line.split(";")[0].strip()
    if line.startswith("["):
        section = line.strip("[]")
        continue
    if section == "units" and "=" in line:
        k, v = [x.strip() for x in line.split("=", 1)]
        UNITS[k] = [r for r in v.split(",") if r]

HOLIDAYS = {dt.date(2026, 10, d) for d in range(1, 8)}
WORKDAYS = {dt.date(2026, 10, 10)}


def workday(d):
    return d in WORKDAYS or (d not in HOLIDAYS and d.weekday() < 5)


SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["建国", "志强", "海燕", "晓东", "丽娟", "文博", "国庆", "红梅", "振华", "亚楠", "永刚", "俊杰",
         "秀英", "明辉", "卫东", "春燕", "立新", "少华", "宏伟", "静", "军", "涛", "敏", "磊", "勇", "洁"]


def name():
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


HEADS = {}
for u, roles in UNITS.items():
    if "镇街" in roles:
        pos, dep = ("街道党工委书记" if u.endswith("街道") else "镇长"), ("街道办事处副主任" if u.endswith("街道") else "副镇长")
    elif "公共服务企业" in roles:
        pos, dep = "总经理", "副总经理"
    elif u.endswith("办") or u.endswith("中心"):
        pos, dep = "主任", "副主任"
    else:
        pos, dep = "局长", "副局长"
    HEADS[u] = (name(), pos, name(), dep)

# What each kind of unit experiences: services, windows, enforcement matters.
ITEMS = {
    "县市场监管局": ["企业开办登记", "食品经营许可", "个体工商户变更登记", "特种设备使用登记"],
    "县行政审批局": ["工程建设项目施工许可", "企业投资项目备案", "“一件事一次办”餐饮店开办", "政务服务中心综合窗口受理"],
    "县税务局": ["新办纳税人套餐业务", "增值税发票申领", "个人所得税汇算清缴咨询", "社保费缴纳"],
    "县人社局": ["失业保险金申领", "就业创业补贴申请", "社会保障卡补换", "劳动用工备案"],
    "县公安局": ["户口迁移", "居民身份证办理", "机动车登记", "出入境证件办理"],
    "县住建局": ["建筑工程施工许可", "商品房预售许可", "建设工程消防验收", "物业服务投诉处理"],
    "县资源规划局": ["不动产登记", "建设用地规划许可", "乡村建设规划许可", "不动产抵押登记"],
    "县医保局": ["异地就医备案", "门诊慢特病认定", "医保关系转移接续", "生育保险待遇申领"],
    "县卫健局": ["医疗机构执业登记", "公共场所卫生许可", "母婴保健技术服务许可", "出生医学证明办理"],
    "国网蓝田供电公司": ["低压居民新装", "小微企业用电报装", "电费缴纳", "故障报修"],
    "县自来水公司": ["居民用水报装", "用水过户", "水表故障报修", "水费缴纳"],
    "西蓝天然气(股份)有限公司": ["居民燃气开户", "工商业燃气报装", "燃气安全检查预约", "燃气费缴纳"],
    "县城燃天然气有限公司": ["燃气报装", "燃气过户", "燃气表更换", "燃气费缴纳"],
}
GENERIC_ITEMS = ["政务服务事项受理", "办事指南查阅与咨询", "网上办事大厅申报", "“秦务员”平台办理", "窗口咨询引导"]
TOWN_ITEMS = ["便民服务站社保业务", "农村建房审批", "高龄补贴申领", "残疾人两项补贴申请", "村(社区)代办服务"]
ENFORCE_ITEMS = {
    "县市场监管局": ["食品经营单位日常检查", "价格违法案件办理", "计量器具监督检查"],
    "县城管执法局": ["占道经营整治", "违法建设查处", "户外广告设置检查"],
    "县生态环境局": ["排污许可执行检查", "扬尘污染执法", "危险废物规范化管理检查"],
    "县应急管理局": ["危险化学品经营单位检查", "非煤矿山安全检查", "工贸企业安全生产执法"],
    "县交通局": ["道路运输企业检查", "超限超载治理", "出租汽车经营执法"],
    "县文旅体育局": ["娱乐场所检查", "网吧经营执法", "旅行社经营检查"],
}
GENERIC_ENFORCE = ["行政执法检查", "举报案件调查处理", "行政处罚案卷评查", "双随机抽查"]
COMPLAINT_ITEMS = ["12345热线工单：小区供暖不热", "12345热线工单：企业开办材料反复退回", "12345热线工单：工地夜间施工噪音",
                   "12345热线工单：医保报销进度慢", "12345热线工单：营业执照变更咨询无人接听"]

STEPS = {
    "走流程": ["审批服务", "业务检查", "服务回访", "座谈交流"],
    "坐窗口": ["审批服务", "业务检查", "服务回访", "座谈交流"],
    "跟执法": ["执法检查", "案件处理", "案卷评查"],  # 蓝田: no 服务回访 in 跟执法
    "处投诉": ["转办体验", "投诉分析", "投诉处理"],
}

PROBLEMS = {
    "走流程": [
        ("办事指南", "线上办事指南与窗口纸质指南材料清单不一致，申请人按线上清单准备材料被要求补正", "统一线上线下办事指南，建立指南动态更新机制", "每季度组织一次指南交叉比对", 5),
        ("网上申报", "网上申报系统上传附件大小限制为2MB，扫描件常超限，群众只能到窗口办理", "协调平台运维单位放宽附件限制并增加压缩提示", "在大厅设置自助扫描压缩终端", 5),
        ("一次性告知", "窗口首次受理未一次性告知全部补正材料，群众往返两次", "严格执行一次性告知制度，使用书面告知单", "将一次性告知落实情况纳入窗口考核", 2),
        ("帮办代办", "老年人在自助终端操作困难，现场缺少引导人员", "在自助服务区安排专人帮办代办", "推行“适老化”服务，开设绿色通道", 9),
    ],
    "坐窗口": [
        ("窗口受理", "综合窗口人员对部分专业事项受理条件掌握不准，需后台反复确认", "开展综合窗口业务轮训，编制受理要点手册", "建立前台后台即时会商机制", 9),
        ("办理时限", "部分事项承诺时限与实际办结时间不一致，超出承诺时限2个工作日", "梳理承诺时限，对超时事项逐件督办", "将办件时效纳入电子监察", 5),
        ("排队等候", "午间高峰时段取号等候超过40分钟", "推行午间不间断服务和弹性窗口", "开通网上预约取号", 2),
    ],
    "跟执法": [
        ("执法程序", "个别案件调查询问笔录未载明执法人员证件号码，程序不够规范", "统一笔录模板，开展案卷评查整改", "每月开展一次案卷交叉评查", 3),
        ("自由裁量", "同类违法行为处罚幅度不一致，裁量基准执行不统一", "细化行政处罚裁量基准并公开", "推行重大执法决定法制审核", 3),
        ("涉企检查", "同一企业一月内被不同科室检查两次，影响正常经营", "推行“进一次门、查多项事”联合检查", "检查计划统筹报县营商办备案", 11),
        ("柔性执法", "首违不罚清单宣传不足，企业对轻微违法免罚政策知晓率低", "编印柔性执法清单并送法入企", "对首违企业开展行政指导", 3),
    ],
    "处投诉": [
        ("工单转办", "热线工单转办后承办单位无故退单，平均流转时间超过3天", "建立退单审核机制，明确退单理由", "将退单率纳入年度考核", 2),
        ("投诉回复", "部分工单办结回复内容简单，未说明处理结果和依据", "规范工单回复模板，实行办结前回访", "开展工单质量月度抽查", 1),
        ("重复投诉", "同一诉求反复投诉，源头问题未解决", "建立重复投诉专项台账，主要负责同志包抓", "举一反三排查同类问题", 2),
    ],
}
NEEDS = [
    ("惠企政策", "企业希望集中了解本年度惠企政策申报条件和时间节点", "组织惠企政策宣讲进园区", "建立政策精准推送清单"),
    ("融资服务", "小微企业反映融资渠道少，希望开展银企对接", "联合金融机构举办银企对接会", "推广“秦信融”线上融资平台"),
    ("用工需求", "企业季节性用工缺口较大，希望提供招聘服务", "举办专场招聘会并发布岗位信息", "建立重点企业用工服务专员制度"),
]
SELF_FOUND = [
    ("督查", "窗口工作人员上班时间脱岗", "加强大厅纪律巡查，实行考勤通报", "纳入作风建设考核", 1),
    ("开门查", "企业反映审批材料仍要求提供可在线核验的证照复印件", "清理可免提交材料清单，推行电子证照共享", "开展减证便民专项行动", 6),
    ("自我查", "涉企收费公示信息未及时更新", "全面梳理收费清单并在显著位置公示", "建立收费公示定期核查制度", 7),
]
ENTERPRISES = ["蓝田县玉川农产品加工有限公司", "西安蓝田华胥食品有限公司", "蓝田县秦岭建材有限责任公司", "蓝田县汤峪温泉酒店管理有限公司",
               "陕西蓝田玉雕文化传播有限公司", "蓝田县焦岱商贸有限公司", "西安蓝关物流有限公司", "蓝田县洩湖机械制造有限公司",
               "蓝田县白鹿原餐饮管理有限公司", "蓝田县辋川种植专业合作社", "西安市蓝田县鑫源加油站", "蓝田县玉山矿业有限公司"]
PEOPLE = ["王女士", "李先生", "张女士", "刘先生", "陈女士", "杨先生", "赵女士", "黄先生", "周女士", "吴先生"]
CLERKS = ["zhangli", "wangfang", "liuyang", "chenjing"]
LEADERS = ["县政府副县长 刘振华", "县政府副县长 陈立新", "县政府副县长 赵永刚"]


def credit_code():
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    body = "91610122" + "".join(rng.choice(chars) for _ in range(9))
    s = sum(chars.index(c) * w for c, w in zip(body, weights))
    return body + chars[(31 - s % 31) % 31]


def phone():
    return rng.choice(["139", "138", "136", "158", "187", "180"]) + "".join(str(rng.randint(0, 9)) for _ in range(8))


def stamp(d, hour=None):
    h = hour if hour is not None else rng.randint(9, 17)
    return f"{d.isoformat()}T{h:02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}+08:00"


def kinds_for(unit, month_index):
    roles = UNITS[unit]
    # a unit that only enforces (县统计局) goes along on enforcement every month
    if "行政执法" in roles and ("审批服务" not in roles or month_index % 2 == 0):
        return "跟执法"
    if "公共服务企业" in roles or "镇街" in roles:
        return ["坐窗口", "走流程", "坐窗口"][month_index]
    return ["走流程", "坐窗口", "走流程"][month_index]


def items_for(unit, kind):
    if kind == "跟执法":
        pool = ENFORCE_ITEMS.get(unit, GENERIC_ENFORCE)
    elif kind == "处投诉":
        pool = COMPLAINT_ITEMS
    elif "镇街" in UNITS[unit]:
        pool = TOWN_ITEMS
    else:
        pool = ITEMS.get(unit, GENERIC_ITEMS)
    return rng.sample(pool, min(len(pool), rng.choice([2, 3])))


activities, callbacks, problems, filings = [], [], [], []
seq = {"A": 0, "C": 0, "P": 0, "F": 0}


def next_id(prefix):
    seq[prefix] += 1
    return f"{prefix}2026-{seq[prefix]:04d}"


MONTHS = [(2026, 9), (2026, 10), (2026, 11)]
complaint_units = ["县住建局", "县医保局", "县市场监管局", "县人社局", "县城管执法局", "国网蓝田供电公司"]

planned = []
for mi, (y, m) in enumerate(MONTHS):
    last_day = 20 if m == 11 else 28
    plan = [(u, kinds_for(u, mi)) for u in UNITS]
    plan += [(complaint_units[mi * 2], "处投诉"), (complaint_units[mi * 2 + 1], "处投诉")]
    for unit, kind in plan:
        d = dt.date(y, m, rng.randint(3, last_day))
        while not workday(d):
            d += dt.timedelta(days=1)
        reported = min(d + dt.timedelta(days=rng.randint(0, 4)), LAST)
        planned.append((reported, stamp(reported), d, unit, kind))
# ids in the order the clerks recorded them, as ysh-add assigns them
planned.sort(key=lambda p: p[1])

for reported, recorded_at, d, unit, kind in planned:
    if True:
        head, pos, deputy, dpos = HEADS[unit]
        delegated = rng.random() < 0.15
        steps = STEPS[kind]
        aid = next_id("A")
        activities.append({
            "id": aid, "date": d.isoformat(), "unit": unit,
            "participant": deputy if delegated else head, "position": dpos if delegated else pos,
            "delegated": "是" if delegated else "否", "kind": kind,
            "mode": rng.choice(["定期", "定期", "定期", "即时", "跟踪"]),
            "steps": ";".join(steps), "items": ";".join(items_for(unit, kind)),
            "reported_on": reported.isoformat(),
            "note": "" if rng.random() < 0.8 else "活动影像资料已随月报报送",
            "recorded_at": recorded_at, "recorded_by": rng.choice(CLERKS),
        })
        if "服务回访" in steps:
            rounds = rng.choice([3, 3, 3, 4])
            # each call of a round reaches someone else
            for k, who in enumerate(rng.sample(ENTERPRISES + PEOPLE, rounds)):
                cd = min(d + dt.timedelta(days=rng.randint(0, 2)), LAST)
                # 上月内: someone served in the month before the call
                prev_last = cd.replace(day=1) - dt.timedelta(days=1)
                served = prev_last.replace(day=rng.randint(1, prev_last.day))
                sat = rng.choices(["满意", "基本满意", "不满意"], [80, 16, 4])[0]
                good = {"满意": "好", "基本满意": "一般", "不满意": "差"}[sat]
                callbacks.append({
                    "id": next_id("C"), "activity": aid, "date": cd.isoformat(), "contact": who,
                    "phone": phone(), "served_on": served.isoformat(),
                    "attitude": good if rng.random() < 0.7 else "好", "ability": good,
                    "process_ok": "否" if sat == "不满意" else "是", "channel_ok": "是",
                    "experience": good, "satisfaction": sat,
                    # the fourth call of a round did not get through: recorded, not valid
                    "valid": "否" if k == 3 else "是",
                    "needs": "" if rng.random() < 0.6 else rng.choice(["希望增加网上办理事项", "希望延长午间服务时间", "希望提供上门帮办服务"]),
                    "measure": "" if sat == "满意" else "针对反映问题制定整改措施，专人跟踪落实",
                    "recorded_at": stamp(cd), "recorded_by": rng.choice(CLERKS),
                })
        if rng.random() < 0.4:
            is_need = rng.random() < 0.25
            if is_need:
                item, desc, measure, sugg = rng.choice(NEEDS)
                cat = ""
            else:
                item, desc, measure, sugg, cat = rng.choice(PROBLEMS[kind])
                cat = str(cat)
            immediate = rng.random() < 0.45
            pid = next_id("P")
            found = d
            row = {
                "id": pid, "found_on": found.isoformat(), "unit": unit, "activity": aid,
                "source": kind, "type": "需求" if is_need else "问题", "item": item,
                "finder": f"{activities[-1]['participant']}（{activities[-1]['position']}）",
                "description": desc, "category": cat, "measure": measure, "suggestion": sugg,
                "handling": "立行立改" if immediate else "挂账销号", "deadline": "",
                "status": "已销号" if immediate else "整改中",
                "closed_on": "", "reviewed_on": "", "voided": "",
                "recorded_at": stamp(reported), "recorded_by": rng.choice(CLERKS),
            }
            if immediate:
                # fixed at once: struck off by the time it was written down
                row["closed_on"] = (found + dt.timedelta(days=rng.randint(0, (reported - found).days))).isoformat()
            else:
                row["deadline"] = (found + dt.timedelta(days=rng.choice([30, 45, 60]))).isoformat()
            problems.append(row)

# problems found outside the activities: self-checks, open-door reviews, inspections
for (src, desc, measure, sugg, cat), unit, d in zip(SELF_FOUND, ["县行政审批局", "县资源规划局", "县住建局"],
                                                    [dt.date(2026, 9, 15), dt.date(2026, 10, 20), dt.date(2026, 11, 6)]):
    problems.append({
        "id": next_id("P"), "found_on": d.isoformat(), "unit": unit, "activity": "", "source": src,
        "type": "问题", "item": desc[:6] if src != "督查" else "大厅纪律作风", "finder": "县营商办 督查组" if src == "督查" else HEADS[unit][0] + "（" + HEADS[unit][1] + "）",
        "description": desc, "category": str(cat), "measure": measure, "suggestion": sugg,
        "handling": "挂账销号", "deadline": (d + dt.timedelta(days=45)).isoformat(), "status": "未整改",
        "closed_on": "", "reviewed_on": "", "voided": "", "recorded_at": stamp(d), "recorded_by": rng.choice(CLERKS),
    })

# 相互查 (罗庄, seed 004): 县行政审批局 finds a problem of 县住建局's and hands it
# over (转交); 县住建局 takes it (认领) and strikes it off
problems.append({
    "id": next_id("P"), "found_on": "2026-10-14", "unit": "县行政审批局", "activity": "", "source": "相互查",
    "type": "问题", "item": "消防验收材料", "finder": HEADS["县行政审批局"][0] + "（" + HEADS["县行政审批局"][1] + "）",
    "description": "建设工程消防验收申请材料清单与审批系统要求不一致，属住建领域事项",
    "category": "5", "measure": "转县住建局统一材料清单", "suggestion": "建立跨部门清单比对机制",
    "handling": "挂账销号", "deadline": "2026-11-30", "status": "未整改",
    "closed_on": "", "reviewed_on": "", "voided": "", "recorded_at": stamp(dt.date(2026, 10, 14)),
    "recorded_by": rng.choice(CLERKS), "handover": True,
})

problems.sort(key=lambda p: p["recorded_at"])
for i, p in enumerate(problems, 1):
    p["id"] = f"P2026-{i:04d}"

# revisions: rectification moves on; some struck off, some looked back at
revisions = []
for p in problems:
    if p.pop("handover", False):
        for day, cells in ((dt.date(2026, 10, 16), {"transferred_to": "县住建局", "transferred_on": "2026-10-16",
                                                     "status": "整改中"}),
                           (dt.date(2026, 11, 10), {"status": "已销号", "closed_on": "2026-11-10"})):
            rev = {k: "" for k in p}
            rev.update(cells)
            rev.update({"id": p["id"], "recorded_at": stamp(day), "recorded_by": rng.choice(CLERKS)})
            revisions.append((day, rev))
rebounded = False
for p in list(problems):
    if any(r[1]["id"] == p["id"] for r in revisions):
        continue
    if p["handling"] != "挂账销号":
        continue
    found = dt.date.fromisoformat(p["found_on"])
    deadline = dt.date.fromisoformat(p["deadline"])
    done = found + dt.timedelta(days=rng.randint(10, 40))
    if done <= LAST and done <= deadline:
        blank = {k: "" for k in p}
        blank.update({"id": p["id"], "status": "已销号", "closed_on": done.isoformat(),
                      "recorded_at": stamp(done), "recorded_by": rng.choice(CLERKS)})
        revisions.append((done, blank))
        look = done + dt.timedelta(days=rng.randint(14, 30))
        if look <= LAST:
            back = {k: "" for k in p}
            back.update({"id": p["id"], "reviewed_on": look.isoformat(), "review_result": "巩固",
                         "recorded_at": stamp(look), "recorded_by": rng.choice(CLERKS)})
            if not rebounded:
                # 回头看 finds it back: reopened (整改中), with a new deadline
                rebounded = True
                back.update({"review_result": "反弹", "status": "整改中", "deadline": "2026-12-31"})
            revisions.append((look, back))
    elif p["status"] == "未整改":
        start = found + dt.timedelta(days=3)
        blank = {k: "" for k in p}
        blank.update({"id": p["id"], "status": "整改中", "recorded_at": stamp(start), "recorded_by": rng.choice(CLERKS)})
        revisions.append((start, blank))
    if deadline < TODAY and not any(r[1]["id"] == p["id"] and r[1]["status"] == "已销号" for r in revisions):
        done = min(deadline, LAST)
        blank = {k: "" for k in p}
        blank.update({"id": p["id"], "status": "已销号", "closed_on": done.isoformat(),
                      "recorded_at": stamp(done), "recorded_by": rng.choice(CLERKS)})
        revisions.append((done, blank))
revisions.sort(key=lambda r: r[1]["recorded_at"])
problems_rows = problems + [r for _, r in revisions]

# 凡检必报: inspections filed ahead and approved by a county leader
enforcers = [u for u, r in UNITS.items() if "行政执法" in r]
INSPECT = {
    "县市场监管局": ("食品安全及明码标价检查", "《中华人民共和国食品安全法》第一百一十条"),
    "县应急管理局": ("安全生产隐患排查", "《中华人民共和国安全生产法》第六十五条"),
    "县生态环境局": ("排污许可证执行情况检查", "《排污许可管理条例》第三十条"),
    "县卫健局": ("公共场所卫生检查", "《公共场所卫生管理条例》第十条"),
    "县城管执法局": ("户外广告及门前三包检查", "《西安市市容环境卫生管理条例》"),
    "县税务局": ("发票使用情况检查", "《中华人民共和国发票管理办法》第三十条"),
}
for i in range(36):
    unit = rng.choice(list(INSPECT))
    content, basis = INSPECT[unit]
    planned = dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 88))
    while not workday(planned):
        planned += dt.timedelta(days=1)
    kind = rng.choices(["例行", "临时", "举报", "交办"], [55, 25, 15, 5])[0]
    if kind == "例行":
        filed = planned - dt.timedelta(days=rng.randint(7, 12))
    elif kind == "临时":
        filed = planned - dt.timedelta(days=1)
        while not workday(filed):
            filed -= dt.timedelta(days=1)
    else:
        filed = planned - dt.timedelta(days=rng.randint(0, 1))
    approved = filed + dt.timedelta(days=rng.randint(0, max(0, (planned - filed).days)))
    approved = min(approved, planned)
    if filed > LAST:
        continue
    approved = min(approved, LAST)
    joint = ""
    if rng.random() < 0.3:
        joint = ";".join(rng.sample([u for u in INSPECT if u != unit], rng.choice([1, 2])))
    outcome, waived = "", ""
    if planned <= LAST:
        outcome = rng.choices(["未发现问题", "责令改正", "不予处罚", "从轻减轻", "处罚"], [40, 25, 18, 10, 7])[0]
        if outcome == "不予处罚":
            waived = str(rng.choice([500, 1000, 2000, 3000, 5000]))
        elif outcome == "从轻减轻":
            waived = f"{rng.choice([2000, 4500, 8000, 12000])}.00"
    row = {
        "id": next_id("F"), "unit": unit, "enterprise": rng.choice(ENTERPRISES),
        "credit_code": credit_code() if rng.random() < 0.8 else "",
        "planned_on": planned.isoformat(),
        "inspectors": ";".join(name() for _ in range(2)), "content": content, "basis": basis,
        "kind": kind, "filed_on": filed.isoformat(), "approved_by": "", "approved_on": "",
        "joint": joint, "recorded_at": stamp(filed, 9), "recorded_by": rng.choice(CLERKS),
    }
    # the leader's approval is written down when it comes: the same day, or
    # later by a revision; the outcome once the inspection is done
    leader = rng.choice(LEADERS)
    later = []
    if approved == filed:
        row.update({"approved_by": leader, "approved_on": approved.isoformat()})
    else:
        later.append({"approved_by": leader, "approved_on": approved.isoformat(),
                      "recorded_at": stamp(approved, 16)})
    if outcome:
        done = min(planned + dt.timedelta(days=rng.randint(0, 3)), LAST)
        later.append({"outcome": outcome, "fine_waived": waived, "recorded_at": stamp(done, 17)})
    filings.append((row, later))
filings.sort(key=lambda f: f[0]["recorded_at"])
# ids in the order of recording, as ysh-add would have assigned them
filing_rows = []
for i, (f, later) in enumerate(filings, 1):
    f["id"] = f"F2026-{i:04d}"
    filing_rows.append(f)
    for rev in later:
        rev.update({"id": f["id"], "recorded_by": rng.choice(CLERKS)})
        filing_rows.append(rev)
filing_rows.sort(key=lambda f: f["recorded_at"])
filings = [f for f, _ in filings]


def write(name, rows, cols):
    with open(f"{OUT}/{name}", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") for c in cols])


VOID = ["voided", "void_reason", "recorded_at", "recorded_by"]
write("activities.csv", activities, ["id", "date", "unit", "participant", "position", "delegated", "kind", "mode",
                                     "steps", "items", "reported_on", "note"] + VOID)
write("callbacks.csv", callbacks, ["id", "activity", "date", "contact", "phone", "served_on", "attitude", "ability",
                                   "process_ok", "channel_ok", "experience", "satisfaction", "valid", "needs",
                                   "measure"] + VOID)
write("problems.csv", problems_rows, ["id", "found_on", "unit", "activity", "source", "type", "item", "finder",
                                      "description", "category", "measure", "suggestion", "handling", "deadline",
                                      "status", "closed_on", "reviewed_on", "review_result", "transferred_to",
                                      "transferred_on"] + VOID)
write("filings.csv", filing_rows, ["id", "unit", "enterprise", "credit_code", "planned_on", "inspectors", "content",
                                   "basis", "kind", "filed_on", "approved_by", "approved_on", "joint", "outcome",
                                   "fine_waived"] + VOID)

# ---- complaints (投诉台账): three months of work orders, most of them from
# the 12345 hotline.  县行政审批局 ranks the units by each month's orders and
# schedules next month's 处投诉 units (roster_size = 2 in ysh.ini): the
# months' top two are the units of complaint_units above, so the activities
# keep the [roster] the work orders call for.  A generator of its own, so
# that the other ledgers stay as they were.
crng = random.Random(20261201)
ORDERS = [  # per month: unit -> work orders received (the first two lead)
    {"县市场监管局": 6, "县人社局": 5, "县住建局": 2, "县医保局": 2, "国网蓝田供电公司": 1, "县公安局": 1},
    {"县城管执法局": 6, "国网蓝田供电公司": 5, "县市场监管局": 3, "县住建局": 2, "县人社局": 2, "县自来水公司": 1},
    {"县住建局": 5, "县医保局": 4, "县城管执法局": 2, "县市场监管局": 2, "县税务局": 1},
]
CATEGORY = {"县市场监管局": "市场秩序", "县人社局": "政务服务", "县住建局": "审批服务", "县医保局": "政务服务",
            "国网蓝田供电公司": "公共服务", "县自来水公司": "公共服务", "县公安局": "政务服务", "县城管执法局": "行政执法",
            "县税务局": "惠企政策"}
CONTENT = {
    "市场秩序": ["超市商品价格标示不清", "网购预付卡商家停业无法退款", "农贸市场缺斤短两", "装修公司合同违约"],
    "政务服务": ["窗口办理社保业务排队时间过长", "异地就医备案线上办理失败", "失业保险金申领进度不明", "户籍业务需重复提交材料"],
    "审批服务": ["施工许可审批超过承诺时限", "商品房预售许可材料要求不一致", "小区物业服务企业未按约维修", "工地夜间施工噪音扰民"],
    "公共服务": ["小微企业用电报装时间长", "停电未提前通知", "居民用水报装收费不明", "水压不足影响经营"],
    "行政执法": ["占道经营处罚标准不一", "执法人员态度生硬", "店招店牌整改要求反复变化", "违停处罚告知不清"],
    "惠企政策": ["减税降费政策咨询无人回应", "留抵退税办理进度慢"],
}
CHANNELS = ["12345热线", "网络", "电话", "来信", "来访", "信访", "好差评", "吐槽找茬"]
RESULTS = ["已联系当事人说明情况并协调解决", "已现场核实并督促整改到位", "已按政策办理完毕并告知结果", "已协调相关单位限时解决"]


def after_workdays(d, n):
    while n:
        d += dt.timedelta(days=1)
        n -= workday(d)
    return d


opened = []
for mi, (y, m) in enumerate(MONTHS):
    last_day = 18 if m == 11 else 28
    for unit, n in ORDERS[mi].items():
        for _ in range(n):
            d = dt.date(y, m, crng.randint(1, last_day))
            while not workday(d):
                d += dt.timedelta(days=1)
            opened.append((d, stamp(d, crng.randint(9, 17)), unit))
opened.sort(key=lambda o: o[1])

complaints, complaint_revs = [], []
returned_once = False
for k, (d, recorded_at, unit) in enumerate(opened, 1):
    tid = f"T2026-{k:04d}"
    channel = crng.choices(CHANNELS, [60, 10, 10, 3, 7, 3, 4, 3])[0]
    person = crng.random() < 0.7
    who = crng.choice(PEOPLE) if person else crng.choice(ENTERPRISES)
    cat = CATEGORY[unit]
    first_unit = unit
    # one order of October reaches 县住建局 first, which sends it back (退单)
    if not returned_once and unit == "县城管执法局" and d.month == 10:
        first_unit, returned_once = "县住建局", True
    complaints.append({
        "id": tid, "received_on": d.isoformat(), "channel": channel,
        "order_no": f"LT{d.strftime('%Y%m%d')}{k:03d}" if channel == "12345热线" else "",
        "complainant": who, "phone": phone() if person else "", "enterprise": "" if person else who,
        "unit": first_unit, "category": cat, "content": crng.choice(CONTENT[cat]) + f"（{tid}）",
        "dispatched_on": d.isoformat(), "status": "未办结", "recorded_at": recorded_at,
        "recorded_by": crng.choice(CLERKS),
    })
    if first_unit != unit:
        complaint_revs.append({"id": tid, "returned": "是", "return_reason": "不属于本单位职责，请转城管执法部门",
                               "unit": unit, "recorded_at": stamp(after_workdays(d, 1), 10)})
    # the orders of the last days are still being handled: due after today
    if d >= dt.date(2026, 11, 16):
        complaint_revs.append({"id": tid, "status": "办理中", "recorded_at": stamp(min(after_workdays(d, 1), LAST), 11)})
        continue
    replied = min(after_workdays(d, crng.randint(1, 4)), LAST)
    closed = min(replied + dt.timedelta(days=crng.choice([0, 0, 1, 2])), LAST)
    reply = {"id": tid, "replied_on": replied.isoformat(), "result": crng.choice(RESULTS),
             "satisfied": crng.choices(["满意", "基本满意", "不满意"], [75, 18, 7])[0],
             "recorded_at": stamp(replied, 15)}
    if closed == replied:
        reply.update({"status": "已办结", "closed_on": closed.isoformat()})
        complaint_revs.append(reply)
    else:
        reply["status"] = "办理中"
        complaint_revs.append(reply)
        complaint_revs.append({"id": tid, "status": "已办结", "closed_on": closed.isoformat(),
                               "recorded_at": stamp(closed, 16)})
for r in complaint_revs:
    r["recorded_by"] = crng.choice(CLERKS)
complaint_rows = sorted(complaints + complaint_revs, key=lambda r: r["recorded_at"])
write("complaints.csv", complaint_rows, ["id", "received_on", "channel", "order_no", "complainant", "phone",
                                         "enterprise", "unit", "category", "content", "dispatched_on", "reply_due",
                                         "replied_on", "result", "satisfied", "closed_on", "status", "returned",
                                         "return_reason"] + VOID)
# Typical cases (典型案例, issue 14): the good practice 蓝田 publishes (seed 001:
# 总结推广经验做法) and one case exposed; a random generator of their own, so
# that the ledgers above stay as they were.
crng = random.Random(14)
CASES = [
    ("2026-09", "县行政审批局", "正面", "企业开办“一件事”半日办结", "县政府门户网站"),
    ("2026-09", "县司法局", "正面", "涉企检查“综合查一次”", "蓝田发布"),
    ("2026-10", "县行政审批局", "正面", "“帮办代办”服务重点项目", "县政府门户网站"),
    ("2026-10", "县市场监管局", "反面", "个别窗口“一次告知”不到位", ""),
    ("2026-10", "县司法局", "曝光", "重复检查企业被通报", "县政府门户网站"),
    ("2026-11", "县行政审批局", "正面", "政务服务“好差评”差评整改", "蓝田发布"),
]
case_rows = []
for i, (month, unit, kind, title, where) in enumerate(CASES, 1):
    y, m = map(int, month.split("-"))
    published = dt.date(y, m, crng.randint(10, 20)) if where else None
    recorded = published or dt.date(y, m, 20)
    case_rows.append({"id": f"K2026-{i:04d}", "month": month, "unit": unit, "kind": kind, "title": title,
                      "published_in": where, "published_on": published.isoformat() if published else "",
                      "recorded_at": stamp(recorded, 16), "recorded_by": crng.choice(CLERKS)})
write("cases.csv", case_rows, ["id", "month", "unit", "kind", "title", "summary", "published_in",
                               "published_on"] + VOID)
print(f"{len(activities)} activities, {len(callbacks)} callbacks, {len(problems_rows)} problem rows, "
      f"{len(filings)} filings in {len(filing_rows)} rows, {len(complaints)} complaints in {len(complaint_rows)} rows")
