import GeoKit

/// Chinese column headers for the fields of exported tables (cases, cells, protected areas,
/// patches, disclosure), as offices read them in Excel and WPS.
public enum FieldLabels {
    /// The header for each field name; fields not listed keep their name.
    public static let chinese: [String: String] = [
        "id": "编号", "number": "问题编号", "status": "状态", "severity": "严重程度", "overdue": "是否逾期",
        "supervised": "是否挂牌督办", "supervision_level": "督办级别", "expanded": "是否扩大", "area_id": "保护地编号",
        "area_code": "保护地代码", "area_name": "保护地名称", "area_kind": "保护地类型", "zone": "功能区", "activity": "活动类型",
        "overlap_m2": "涉及面积(平方米)", "detected_on": "发现日期", "due_on": "整改期限", "verdict": "核查结论",
        "transfer_department": "移送部门", "transfer_receipt": "移送回执", "village_code": "村级网格编码", "village_name": "村级网格",
        "township_code": "乡镇网格编码", "township_name": "乡镇网格", "county_code": "县级网格编码", "county_name": "县级网格",
        "cell_code": "网格编码", "unit": "责任单位", "head": "网格长", "staff": "网格员", "lon": "经度", "lat": "纬度",
        "code": "代码", "name": "名称", "kind": "类型", "level": "级别", "parent_code": "上级编码", "area_km2": "面积(平方公里)",
        "valid_from": "生效日期", "valid_to": "失效日期", "assigned_from": "责任起始日期", "scan_id": "扫描编号",
        "change": "变化类型", "area_m2": "面积(平方米)", "perimeter_m": "周长(米)", "confidence": "置信度",
        "previous_patch_id": "上期图斑编号", "case_id": "问题编号(内部)", "outcome": "办理结果", "outcome_detail": "结果说明",
        "finished_on": "办结日期", "cell_name": "网格名称", "cell_level": "网格级别", "chain": "网格层级",
    ]

    /// The Chinese header of `field`, or the field name itself.
    public static func chinese(_ field: String) -> String { chinese[field] ?? field }

    /// The Chinese name of an activity type (mining → 采矿), or the code itself when unknown.
    public static func activity(_ code: String) -> String {
        let names = ["mining": "采矿", "industrial": "工业", "energy": "能源", "transport": "交通", "road": "道路交通",
                     "water_works": "水利水电", "tourism": "旅游", "residential": "居民点", "construction": "建设",
                     "farming": "农业", "aquaculture": "养殖", "reclamation": "围填海", "other": "其他"]
        return names[code] ?? code
    }

    /// `feature` with its coded values in Chinese words, for sheets people read (status
    /// flagged → 已发现, kinds, zones, activity types, change classes, severity, yes/no flags).
    public static func chineseValues(_ feature: Feature) -> Feature {
        var out = feature
        for (key, value) in feature.properties {
            if case .bool(let b) = value { out.properties[key] = .string(b ? "是" : "否"); continue }
            guard let code = value.stringValue else { continue }
            let word: String? = switch key {
            case "status": CaseStatus(rawValue: code)?.chineseName
            case "kind", "area_kind": ProtectedAreaKind(rawValue: code)?.chineseName
            case "zone": ZoneKind(rawValue: code)?.chineseName
            case "activity": activity(code)
            case "severity": ["low": "一般", "medium": "较重", "high": "严重"][code]
            case "change": ["new": "新增", "expanded": "扩大", "persisting": "持续", "restored": "恢复"][code]
            default: nil
            }
            if let word { out.properties[key] = .string(word) }
        }
        return out
    }
}
