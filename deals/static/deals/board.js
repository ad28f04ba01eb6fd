// The opportunity board: drag a card to another stage; the move is POSTed to the card's
// move URL and the card goes back where it was if the server refuses it.
document.addEventListener("DOMContentLoaded", () => {
  const board = document.getElementById("board");
  if (!board || board.dataset.canMove !== "true") return;
  const token = board.querySelector("input[name=csrfmiddlewaretoken]").value;
  const message = document.getElementById("board-message");
  let dragged = null;

  const recount = () => {
    board.querySelectorAll(".board-column").forEach((column) => {
      column.querySelector("[data-count]").textContent = column.querySelectorAll(".board-card").length;
    });
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
      zone.appendChild(card);
      recount();
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
        recount();
        showError(error.message);
      }
    });
  });
});
