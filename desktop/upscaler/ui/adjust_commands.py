"""Auto crop and colour in the window: the choice (undoable, remembered) and its live preview.

Every change of the step's toggles is an undo step (Edit > Undo). The preview of the adjusted
input is made by the core on the worker thread (``jobs.AdjustJob``: ``core.adjust.prepare``,
then the colour plan on the input) and given to the document, which the window shows; the run
after it upscales that cropped input and corrects the result with the same plan, exactly as
``upscaler-cli upscale --auto-crop --auto-color`` does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from upscaler.core.adjust import Adjustments, Prepared
from upscaler.core.imageio import LoadedImage
from upscaler.ui.adjust_step import AdjustStep, adjustments, choices
from upscaler.ui.core_text import localized_all
from upscaler.ui.document import Adjusted, Change, Document
from upscaler.ui.jobs import AdjustJob, AdjustOutcome
from upscaler.ui.settings import Settings
from upscaler.ui.status import RunStatus
from upscaler.ui.worker import JobHandle, WorkerHost

translate = QCoreApplication.translate


class _ChangeAdjust(QUndoCommand):
    """One change of the automatic corrections, undoable."""

    def __init__(
        self, owner: AdjustCommands, before: Adjustments | None, after: Adjustments | None
    ):
        super().__init__(translate("AdjustCommands", "Change the automatic corrections"))
        self._owner, self._before, self._after = owner, before, after

    def redo(self) -> None:
        self._owner.apply(self._after)

    def undo(self) -> None:
        self._owner.apply(self._before)


class AdjustCommands(QObject):
    """The automatic corrections' commands: change (undoable), restore, and the preview job."""

    def __init__(
        self,
        document: Document,
        *,
        host: WorkerHost,
        step: AdjustStep,
        settings: Settings,
        status: RunStatus,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._doc = document
        self._host = host
        self._step = step
        self._settings = settings
        self._status = status
        self.undo_stack = QUndoStack(self)
        self.job: JobHandle | None = None
        self._job_for: tuple[LoadedImage, Adjustments] | None = None
        self._last: Adjusted | None = None  # the last preview made (its analysis is reusable)
        step.edited.connect(self.change)
        document.changed.connect(self._on_document_changed)

    # -- the choice ------------------------------------------------------------------------------
    def restore(self) -> None:
        """The choice remembered from last time (not an undo step)."""
        s = self._settings
        adjust = adjustments(
            crop=s.auto_crop,
            straighten=s.straighten,
            colour=s.auto_colour,
            strength=s.colour_strength,
            fade=s.restore_fade,
        )
        self._step.show_adjust(adjust)
        if adjust is None:  # the strength is remembered even while colour is off
            self._step.strength.blockSignals(True)
            self._step.strength.setValue(s.colour_strength)
            self._step.strength.blockSignals(False)
            self._step.strength_label.setText(f"{s.colour_strength}%")
        self._doc.set_adjust(adjust)

    @Slot(object)
    def change(self, adjust: object) -> None:
        """The user chose other corrections: one undo step."""
        assert adjust is None or isinstance(adjust, Adjustments)
        if adjust == self._doc.adjust:
            self._remember(adjust)  # e.g. the strength of colour while it is off
            return
        self.undo_stack.push(_ChangeAdjust(self, self._doc.adjust, adjust))

    def apply(self, adjust: Adjustments | None) -> None:
        """Make ``adjust`` the choice: the document, the step's toggles and the settings."""
        self._doc.set_adjust(adjust)
        self._step.show_adjust(adjust)
        self._remember(adjust)

    def _remember(self, adjust: Adjustments | None) -> None:
        crop, straighten, colour, strength, fade = choices(adjust)
        s = self._settings
        s.auto_crop, s.straighten, s.auto_colour, s.restore_fade = crop, straighten, colour, fade
        s.colour_strength = strength if colour else self._step.strength.value()

    # -- the preview -----------------------------------------------------------------------------
    @Slot(object)
    def _on_document_changed(self, what: object) -> None:
        assert isinstance(what, Change)
        if what & (Change.ADJUST | Change.IMAGE | Change.RUN):
            self.refresh()

    def refresh(self) -> None:
        """Ask the worker for the adjusted input when the picture or the choice changed."""
        d = self._doc
        if d.image is None or d.adjust is None or d.video is not None:
            self._cancel()
            self._step.set_note("")
            return
        if d.adjusted is not None:
            return
        wanted = (d.image, d.adjust)
        if self.job is not None and self._job_for == wanted:
            return  # already on its way
        self._cancel()
        if d.busy:  # a run holds the worker; the preview follows it (RUN changes again)
            return
        self._step.set_note(translate("AdjustCommands", "Looking for borders and colours..."))
        handle = self._host.submit(
            AdjustJob(image=d.image, adjust=d.adjust, reuse=self._reusable(d.image, d.adjust))
        )
        handle.finished.connect(self._on_finished)
        handle.failed.connect(self._on_failed)
        self.job, self._job_for = handle, wanted

    def _reusable(self, image: LoadedImage, adjust: Adjustments) -> Prepared | None:
        """The last preview's crop and colour analysis, when only colour strengths changed."""
        last = self._last
        if last is None or last.image is not image or last.prepared.colour is None:
            return None
        same_crop = (last.adjust.crop, last.adjust.straighten) == (adjust.crop, adjust.straighten)
        return last.prepared if same_crop else None

    def _cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
        self.job, self._job_for = None, None

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        assert isinstance(result, AdjustOutcome)
        if self._job_for == (result.image, result.adjust):
            self.job, self._job_for = None, None
        adjusted = Adjusted(result.image, result.adjust, result.prepared, result.pixels)
        self._last = adjusted
        if self._doc.set_adjusted(adjusted):
            said = localized_all([*result.prepared.notes, *result.prepared.warnings])
            self._step.set_note("\n".join(s[:1].upper() + s[1:] for s in said))
        else:
            self.refresh()  # made for another picture or choice: ask again if none is on its way

    @Slot(object)
    def _on_failed(self, failure: object) -> None:
        handle = self.job
        if handle is None or not handle.done:
            return  # a replaced job's failure: the newer one is on its way
        self.job, self._job_for = None, None
        text = translate("AdjustCommands", "The corrections cannot be previewed: {reason}")
        self._step.set_note(text.format(reason=str(failure)))
