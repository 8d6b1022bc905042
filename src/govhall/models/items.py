"""政务服务事项 and its 办事指南 (service guide)."""

from __future__ import annotations

from pydantic import Field

from govhall.models._base import GovModel, LimitText, Personal, RecordId, YesNo
from govhall.models.enums import ItemType


class Material(GovModel):
    """One application material (申请材料)."""

    name: str
    main: YesNo = Field(False, description="申请材料主件 (gdzw-0020-2019:5.7.2)")
    required: YesNo = True
    sample_provided: YesNo | None = Field(None, description="示范文本 (dongguan-hall-2023:6.1.3)")


class Item(GovModel):
    """A service item (事项) with the elements of its service guide.

    ``statutory_limit`` and ``promised_limit`` are time-limit texts ("20个工作日", "当场", …) checked
    by :func:`govhall.timelimits.parse_limit` on input, and may not exceed ten years
    (:data:`govhall.timelimits.MAX_ITEM_LIMIT`).
    """

    code: RecordId
    name: str
    type: ItemType
    department: str
    agency: str | None = Field(None, description="implementing agency (实施主体)")
    legal_basis: list[str] = Field(default_factory=list, description="设立依据 / 政策依据")
    acceptance_conditions: list[str] = Field(default_factory=list, description="受理条件")
    materials: list[Material] = Field(default_factory=list, description="申请材料")
    procedure: list[str] = Field(default_factory=list, description="办理程序 (steps)")
    statutory_limit: LimitText | None = Field(None, description="法定时限")
    promised_limit: LimitText | None = Field(None, description="承诺时限")
    fee: str | None = Field(None, description="收费标准 ('不收费' when free)")
    fee_basis: str | None = Field(None, description="收费依据")
    responsible_person: str | None = Personal("事项承办责任人 (a person's name, or a role or post)")
    rongque: YesNo = Field(False, description="on the 容缺受理 catalogue")
    rongque_supplement_limit: LimitText | None = Field(
        None, description="容缺 supplement period for this item, overriding the profile"
    )
    joint_review: YesNo = Field(False, description="联审联办 item")
    theme: str | None = Field(None, description="主题: 工程审批, 企业开办, 社保 …")
    in_hall: YesNo = Field(True, description="纳入政务服务大厅办理 (dongguan-hall-2023:6.1.2)")
    exemption_approved: YesNo = Field(False, description="approved by the government not to enter the hall")
    online: YesNo = Field(False, description="网上办理 / 全程网办")
    at_comprehensive_window: YesNo | None = Field(None, description="handled at a comprehensive window")
    guide_full: YesNo | None = Field(None, description="服务指南完整版 exists")
    guide_simple: YesNo | None = Field(None, description="服务指南简版 exists")
    guide_full_access: str | None = Field(
        None, description="how to obtain the full guide (查询途径和获取方式)"
    )
    flowchart: YesNo | None = Field(None, description="流程图")

    @property
    def main_materials(self) -> list[str]:
        """Names of the main materials (主件)."""
        return [m.name for m in self.materials if m.main]
