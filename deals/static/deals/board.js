// The opportunity board: drag a card to another stage; the move is POSTed to the card's
// move URL and the card goes back where it was if the server refuses it.
document.addEventListener("DOMContentLoaded", () => {
  const board = document.getElementById("board");
  if (!board || board.dataset.canMove !== "true") return;
  const token = board.querySelector("input[name=csrfmiddlewaretoken]").value;
  const message = document.getElementById("board-message");
  let dragged = null;

  // A column shows its first cards only; its count is the server's, moved by one per drop.
  const shift = (column, by) => {
    const count = column.querySelector("[data-count]");
    count.textContent = String(Number(count.textContent) + by);
  };

  const showError = (text) => {
    message.textContent = text || board.dataset.error;
    message.classList.remove("d-none");
  };

  board.addEventListener("dragstart", (event) => {
    dragged = event.target.closest(".board-card");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.id);
  });
  board.addEventListener("dragend", () => {
    if (dragged) dragged.classList.remove("dragging");
    board.querySelectorAll(".drop-target").forEach((zone) => zone.classList.remove("drop-target"));
  });
  board.querySelectorAll("[data-dropzone]").forEach((zone) => {
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("drop-target");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("drop-target"));
    zone.addEventListener("drop", async (event) => {
      event.preventDefault();
      zone.classList.remove("drop-target");
      if (!dragged) return;
      const card = dragged;
      const from = card.parentElement;
      const column = zone.closest(".board-column");
      if (from === zone) return;
      const body = new FormData();
      body.append("stage", column.dataset.stage);
      if (column.dataset.outcome === "lost") {
        const reason = window.prompt(board.dataset.lostPrompt);
        if (!reason) return;
        body.append("lost_reason", reason);
      }
      const fromColumn = from.closest(".board-column");
      zone.appendChild(card);
      shift(fromColumn, -1);
      shift(column, 1);
      try {
        const response = await fetch(card.dataset.moveUrl, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": token, Accept: "application/json" },
          credentials: "same-origin",
        });
        const result = await response.json();
        if (!response.ok || !result.ok) throw new Error(result.error);
        message.classList.add("d-none");
      } catch (error) {
        from.appendChild(card);
        shift(fromColumn, 1);
        shift(column, -1);
        showError(error.message);
      }
    });
  });
});
